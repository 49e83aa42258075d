namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.MessageLogGrainState")]
public sealed class MessageLogGrainState
{
    public const string Name = "message-log";

    /// <summary>The log's pages, oldest first; the last is the one new notifications go to.</summary>
    [Id(0)]
    public List<MessageLogPageInfo> Pages { get; set; } = [];
}
