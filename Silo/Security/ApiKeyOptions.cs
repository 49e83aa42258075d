namespace Notifications.Silo;

/// <summary>Bound from <c>Notifications</c>: each key belongs to one tenant.</summary>
public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>
    /// A JSON file holding an array of keys, read again whenever it changes, so that keys are added and revoked without a
    /// restart. Configuring it requires keys even while it lists none.
    /// </summary>
    public string? ApiKeysFile { get; set; }
}
