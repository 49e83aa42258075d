namespace Notifications.Silo;

/// <summary>Bound from <c>Notifications:ApiKeys</c>: each key belongs to one tenant.</summary>
public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}
