namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.RetentionSegmentGrainState")]
public sealed class RetentionSegmentGrainState
{
    public const string Name = "retention-segment";

    [Id(0)]
    public List<RetainedRecord> Records { get; set; } = [];
}
