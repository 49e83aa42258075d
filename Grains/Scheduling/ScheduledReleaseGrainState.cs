namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.ScheduledReleaseGrainState")]
public sealed class ScheduledReleaseGrainState
{
    public const string Name = "scheduled-release";

    [Id(0)]
    public DateTimeOffset SendAt { get; set; }

    /// <summary>The fan-out pages still to be released or to finish; a page goes from here once it is done.</summary>
    [Id(1)]
    public List<string> Pages { get; set; } = [];
}
