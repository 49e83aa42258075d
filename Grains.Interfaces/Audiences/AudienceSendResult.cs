namespace Notifications.Grains;

public sealed record AudienceSendResult(AcceptOutcome Outcome, AudienceSendSnapshot Send);
