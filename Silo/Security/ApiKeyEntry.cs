namespace Notifications.Silo;

public sealed class ApiKeyEntry
{
    public string Tenant { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>The key also opens what shows the whole cluster, every tenant's grains included: the Orleans dashboard.</summary>
    public bool Operator { get; set; }
}
