namespace Notifications.Grains;

/// <summary>Where a run's event went.</summary>
/// <param name="LeaderRunId">The run that sends the digest: the joining run itself when it opened it.</param>
/// <param name="SendAt">When the leader sends it: the window's end, or now when it is full or critical.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DigestAnswer")]
public sealed record DigestAnswer(string LeaderRunId, DateTimeOffset SendAt);
