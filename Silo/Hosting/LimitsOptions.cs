namespace Notifications.Silo;

public sealed class LimitsOptions
{
    public const string SectionName = "Notifications:Limits";

    /// <summary>Larger request bodies are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public int MaxBatchSize { get; set; } = 1000;
}
