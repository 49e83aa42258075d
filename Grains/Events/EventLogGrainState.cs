namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.EventLogGrainState")]
public sealed class EventLogGrainState
{
    public const string Name = "event-log";

    /// <summary>Events per segment, fixed when the log is first written: sequence numbers are counted in it.</summary>
    [Id(0)]
    public int SegmentSize { get; set; }

    /// <summary>The number of the segment still being written; its first event has sequence number OpenSegment x SegmentSize.</summary>
    [Id(1)]
    public long OpenSegment { get; set; }

    /// <summary>The events of the open segment (more than a segment's worth only while it is being sealed).</summary>
    [Id(2)]
    public List<TenantEvent> Open { get; set; } = [];

    /// <summary>The sealed segments still kept, oldest first.</summary>
    [Id(3)]
    public List<EventSegmentInfo> Sealed { get; set; } = [];
}
