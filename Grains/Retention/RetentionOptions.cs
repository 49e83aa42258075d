namespace Notifications.Grains;

/// <summary>How long finished notifications are kept, and how they are removed (<c>Notifications:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Notifications:Retention";

    /// <summary>For a tenant that sets none (<c>retention_days</c> in its settings).</summary>
    public TimeSpan Default { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A tenant's day is journaled in this many parts, each removed by a grain of its own.</summary>
    public int Parts { get; set; } = 8;

    /// <summary>Records per sealed segment of a journal: the open one is rewritten as records are added.</summary>
    public int SegmentSize { get; set; } = 1_000;

    /// <summary>Records a journal removes per round, and at once; rounds follow each other every <see cref="RoundEvery"/>.</summary>
    public int BatchSize { get; set; } = 200;

    public int Concurrency { get; set; } = 8;

    public TimeSpan RoundEvery { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a journal whose day has expired checks in, which is what resumes a removal cut off by a crash.</summary>
    public TimeSpan ResumeCheckInterval { get; set; } = TimeSpan.FromHours(1);
}
