namespace Notifications.Silo;

public sealed class StorageSettings
{
    public const string SectionName = "Notifications:Storage";

    /// <summary><c>sqlite</c>, the embedded default and for now the only one.</summary>
    public string Provider { get; set; } = "sqlite";
}
