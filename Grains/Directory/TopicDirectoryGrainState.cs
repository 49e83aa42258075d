namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.TopicDirectoryGrainState")]
public sealed class TopicDirectoryGrainState
{
    /// <summary>In ordinal order.</summary>
    [Id(0)]
    public List<string> TopicIds { get; set; } = [];
}
