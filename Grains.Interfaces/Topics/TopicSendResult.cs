namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicSendResult")]
public sealed record TopicSendResult(AcceptOutcome Outcome, TopicSendSnapshot Send);
