namespace Notifications.Silo;

public sealed class StorageSettings
{
    public const string SectionName = "Notifications:Storage";

    /// <summary><c>sqlite</c> (the embedded default) or <c>memory</c> (nothing survives a restart: tests only).</summary>
    public string Provider { get; set; } = "sqlite";
}
