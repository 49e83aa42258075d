namespace Notifications.Grains;

/// <summary>
/// One send to an audience, keyed by its id: walks the tenant's users a page at a time, evaluating the filter on
/// each, and hands the users it matches to a fan-out page. The users a page matched are stored before the page is
/// delivered and the scan's position after it, and a reminder keeps it going, so a crash resumes where it stopped with
/// the same users in the same page; each user's notification id is derived from the send, the page and the user.
/// </summary>
[Alias("Notifications.Grains.IAudienceSendGrain")]
public interface IAudienceSendGrain : IGrainWithStringKey
{
    /// <summary>Stores the send durably and starts it; a repeated id answers the send it already has.</summary>
    [Alias("StartAsync")]
    Task<AudienceSendResult> StartAsync(string tenant, AudienceSendStart start);

    /// <summary>The send, or null when there is none with this id for the tenant.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<AudienceSendSnapshot?> GetAsync(string tenant);

    /// <summary>The id of the notification the send made for <paramref name="userId"/> if it matched them, or null when the scan has not reached them.</summary>
    [ReadOnly]
    [Alias("NotificationIdForAsync")]
    Task<string?> NotificationIdForAsync(string tenant, string userId);

    /// <summary>Removes the send's record at the end of its tenant's retention, once it is done (and finished before <paramref name="finishedBefore"/>).</summary>
    [Alias("ExpireAsync")]
    Task ExpireAsync(DateTimeOffset finishedBefore);
}
