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

    /// <summary>When the leader may send: the window's end, or sooner once full; null when <paramref name="leaderRunId"/> leads no open digest here.</summary>
    [ReadOnly]
    [Alias("SendAtAsync")]
    Task<DateTimeOffset?> SendAtAsync(string leaderRunId);

    /// <summary>Closes the digest <paramref name="leaderRunId"/> leads and hands over what it gathered (the same again to a repeat).</summary>
    [Alias("CloseAsync")]
    Task<DigestContents> CloseAsync(string leaderRunId);
}
