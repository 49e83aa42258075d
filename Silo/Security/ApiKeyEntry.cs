namespace Notifications.Silo;

public sealed class ApiKeyEntry
{
    public string Tenant { get; set; } = "";

    public string Key { get; set; } = "";
}
