namespace Notifications.Grains;

/// <summary>The batches a <see cref="ScheduledReleaseGrain"/> keeps until their send time and until each is done.</summary>
[GenerateSerializer, Alias("Notifications.Grains.ScheduledReleaseGrainState")]
public sealed class ScheduledReleaseGrainState
{
    public const string Name = "scheduled-release";

    /// <summary>When the pages are due (the key says it too, in ticks).</summary>
    [Id(0)]
    public DateTimeOffset SendAt { get; set; }

    /// <summary>The fan-out pages still to be released or to finish; a page goes from here once it is done.</summary>
    [Id(1)]
    public List<string> Pages { get; set; } = [];
}
