namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.AudienceSendResult")]
public sealed record AudienceSendResult(AcceptOutcome Outcome, AudienceSendSnapshot Send);
