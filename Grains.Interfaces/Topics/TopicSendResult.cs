namespace Notifications.Grains;

public sealed record TopicSendResult(AcceptOutcome Outcome, TopicSendSnapshot Send);
