namespace Notifications.Grains;

/// <summary>
/// One page of a send to many users, keyed by the prefix its notification ids share (<see cref="FanOutNotificationId.PageOf"/>).
/// It delivers to its recipients itself and records what became of them in one write; a recipient whose delivery
/// must wait (a retry, quiet hours) is handed to a notification grain of their own.
/// </summary>
[Alias("Notifications.Grains.IFanOutPageGrain")]
public interface IFanOutPageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers the page, or answers what it did when it has already: a page cut off by a crash is made again as one
    /// notification grain per recipient, each recognising what was made before.
    /// </summary>
    /// <remarks>A page waits for its slowest recipients, each up to its channel's own timeout.</remarks>
    [ResponseTimeout("00:30:00")]
    [Alias("DeliverAsync")]
    Task<FanOutPageResult> DeliverAsync(FanOutPageWork work);

    /// <summary>
    /// Accepts a batch of notifications as one page (its key <see cref="FanOutNotificationId.Page"/> of the batch id and
    /// page 0, each item's id <see cref="FanOutNotificationId.ForBatchItem"/>): durable, with the reminder that resumes
    /// it, when this returns; delivered afterwards as a page is. Each recipient carries their whole request. Items
    /// that are to be sent later share one send time, which the page waits for without staying activated.
    /// </summary>
    [Alias("AcceptBatchAsync")]
    Task AcceptBatchAsync(IReadOnlyList<FanOutRecipient> items);

    /// <summary>Delivers the batch this page accepted; a call of its own, so that the activation stays while it works.</summary>
    [OneWay]
    [Alias("DeliverBatchAsync")]
    Task DeliverBatchAsync();

    /// <summary>
    /// Delivers a batch that waited for its send time, now that it has come: in turn with the others falling due on
    /// this silo, as the lanes have room; done when the batch is (at once, if it was).
    /// </summary>
    [ResponseTimeout("00:30:00")]
    [Alias("ReleaseAsync")]
    Task ReleaseAsync();

    /// <summary>What became of the recipient this page delivered as <paramref name="notificationId"/>, or null.</summary>
    [AlwaysInterleave]
    [ReadOnly]
    [Alias("FindAsync")]
    Task<FanOutRecord?> FindAsync(string notificationId);

    /// <summary>
    /// Takes a notification of a batch that waits for its send time out of it: recorded as cancelled for
    /// <paramref name="reason"/> (without what it said, when <paramref name="erase"/>) and told as such. Null when the
    /// page holds no such notification waiting (it started sending them, or never had it).
    /// </summary>
    /// <remarks>Interleaves with a release or delivery in progress, so that it answers at once rather than after it.</remarks>
    [AlwaysInterleave]
    [Alias("WithdrawAsync")]
    Task<FanOutRecord?> WithdrawAsync(string notificationId, string reason, bool erase);

    /// <summary>Drops a recipient's record once their notification grain holds it (an engagement, an erasure).</summary>
    [Alias("ForgetAsync")]
    Task ForgetAsync(string notificationId);

    /// <summary>The notification ids this page delivered to <paramref name="userId"/>: to export or erase what is held about them.</summary>
    [AlwaysInterleave]
    [ReadOnly]
    [Alias("NotificationsOfAsync")]
    Task<IReadOnlyList<string>> NotificationsOfAsync(string userId);

    /// <summary>Puts a completed page among the records of each user it keeps a record for (the directories' backfill of a file written before they existed).</summary>
    [Alias("EnsureRecordedAsync")]
    Task EnsureRecordedAsync();

    /// <summary>Removes the page's record of its recipients at the end of its tenant's retention, once the page is complete.</summary>
    [Alias("ExpireAsync")]
    Task ExpireAsync(DateTimeOffset finishedBefore);

    /// <summary>Whether the page still keeps a record (it has not gone at the end of its retention).</summary>
    [ReadOnly]
    [Alias("IsKeptAsync")]
    Task<bool> IsKeptAsync();
}
