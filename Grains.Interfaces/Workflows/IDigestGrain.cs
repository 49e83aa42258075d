namespace Notifications.Grains;

/// <summary>
/// The open digest of one user, workflow step and key (<c>tenant/workflow/step/user/key-hash</c>): the first run that
/// joins it leads and sends it; the others hand it their events and end.
/// </summary>
[Alias("Notifications.Grains.IDigestGrain")]
public interface IDigestGrain : IGrainWithStringKey
{
    [Alias("JoinAsync")]
    Task<DigestAnswer> JoinAsync(DigestJoin join);

    /// <summary>
    /// When the leader may send: the window's end, or sooner once full; <see cref="DateTimeOffset.MinValue"/> once
    /// closed; null when <paramref name="leaderRunId"/> leads no digest here.
    /// </summary>
    [ReadOnly]
    [Alias("SendAtAsync")]
    Task<DateTimeOffset?> SendAtAsync(string leaderRunId);

    /// <summary>Closes the digest <paramref name="leaderRunId"/> leads and hands over what it gathered (the same again to a repeat, until acknowledged).</summary>
    [Alias("CloseAsync")]
    Task<DigestContents> CloseAsync(string leaderRunId);

    /// <summary>The leader has stored what <see cref="CloseAsync"/> handed it: the digest lets it go.</summary>
    [Alias("AcknowledgeAsync")]
    Task AcknowledgeAsync(string leaderRunId);

    /// <summary>Forgets everything, open or closed (the user was erased).</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();

    /// <summary>
    /// The leader is cancelled: its own event leaves the digest, and the run of the earliest event left leads it on
    /// (answered, for the cancelled run to tell it); null when no event is left, and the digest is gone.
    /// </summary>
    [Alias("HandOverAsync")]
    Task<string?> HandOverAsync(string leaderRunId);
}
