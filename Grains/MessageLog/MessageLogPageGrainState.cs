namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.MessageLogPageGrainState")]
public sealed class MessageLogPageGrainState
{
    public const string Name = "message-log-page";

    [Id(0)]
    public Dictionary<string, MessageLogRow> Rows { get; set; } = new(StringComparer.Ordinal);
}
