namespace Notifications.Grains;

/// <summary>One notification, keyed by its id: drives the delivery state machine.</summary>
[Alias("Notifications.Grains.INotificationGrain")]
public interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the request durably and starts delivery. <paramref name="requestHash"/> identifies the request's
    /// content, so that a repeated id is recognised as the same request or a conflicting one.
    /// </summary>
    [Alias("AcceptAsync")]
    Task<AcceptResult> AcceptAsync(NotificationRequest request, string requestHash);

    /// <summary>
    /// Takes over a recipient a fan-out page could not finish (see <see cref="IFanOutPageGrain"/>) from where the page
    /// left it, as durably as <see cref="AcceptAsync"/>; a repeat finds the notification made before.
    /// </summary>
    [Alias("ContinueAsync")]
    Task<AcceptOutcome> ContinueAsync(FanOutContinuation continuation);

    /// <summary>The notification, or null when there is none with this id for the tenant.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<NotificationSnapshot?> GetAsync(string tenant);

    [Alias("CancelAsync")]
    Task<(CancelOutcome Outcome, NotificationSnapshot? Notification)> CancelAsync(string tenant);

    /// <summary>Records an engagement; false when there is no such notification for this tenant and user.</summary>
    [Alias("TrackEngagementAsync")]
    Task<bool> TrackEngagementAsync(string tenant, string userId, EngagementAction action);

    /// <summary>
    /// Records what the provider reported later (delivered, failed, bounced, opened, clicked...). Reports about
    /// another provider's message, and repeated or late ones, change nothing; false when nothing changed.
    /// </summary>
    [Alias("RecordProviderEventAsync")]
    Task<bool> RecordProviderEventAsync(ProviderEvent providerEvent);

    /// <summary>
    /// Erases what the notification said (message, title, data, language, dedupe key) and every mention of
    /// <paramref name="addresses"/> in its history, for a deleted user; one not yet handed to a provider is cancelled.
    /// Its id, statuses, times and engagements stay, for the tenant's statistics. False when there is no such
    /// notification for this tenant, or it was erased already.
    /// </summary>
    [Alias("EraseAsync")]
    Task<bool> EraseAsync(string tenant, IReadOnlyCollection<string> addresses);

    /// <summary>Puts a dead-lettered notification back into delivery with a fresh count of attempts.</summary>
    [Alias("ReplayAsync")]
    Task<(ReplayOutcome Outcome, NotificationSnapshot? Notification)> ReplayAsync(string tenant);

    /// <summary>
    /// Moves delivery forward from wherever it stands: one attempt, a wait, or a final status. Called by the
    /// delivery lanes, which decide in which order notifications get to this step.
    /// </summary>
    /// <returns>Whether a provider was called, which is what the lanes time to find their concurrency.</returns>
    [Alias("DeliverAsync")]
    Task<bool> DeliverAsync();

    /// <summary>
    /// Removes the notification's record at the end of its tenant's retention: its id answers as unknown from then on.
    /// One that is not finished, or finished after <paramref name="finishedBefore"/> (replayed, or moved on by a
    /// provider's report since it was listed), stays: it was listed again when it finished.
    /// </summary>
    [Alias("ExpireAsync")]
    Task ExpireAsync(DateTimeOffset finishedBefore);

    /// <summary>Puts a stored notification among its user's records if it is not there (the directories' backfill of a file written before they existed); the activation is let go.</summary>
    [Alias("EnsureRecordedAsync")]
    Task EnsureRecordedAsync();
}
