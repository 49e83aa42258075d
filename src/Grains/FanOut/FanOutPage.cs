using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>
/// Accepts one page of a send to many users: each user's notification under an id derived for them, once the delivery
/// lanes have room, so that a million recipients never wait in memory at once.
/// </summary>
internal static class FanOutPage
{
    /// <summary>Notifications of a page being accepted at once.</summary>
    private const int ParallelAccepts = 64;

    /// <param name="sendId">Every notification of the send carries it as its request hash, so a page made again meets them as duplicates.</param>
    /// <returns>How many were accepted now, rather than found accepted already.</returns>
    public static async Task<long> AcceptAsync(
        IGrainFactory grains, DeliveryLanes lanes, string sendId, IReadOnlyList<(string NotificationId, NotificationRequest Request)> page, CancellationToken cancellationToken)
    {
        await lanes.WaitForBacklogAsync(Timeout.InfiniteTimeSpan, cancellationToken);
        long accepted = 0;
        await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = ParallelAccepts, CancellationToken = cancellationToken }, async (notification, _) =>
        {
            var result = await grains.GetGrain<INotificationGrain>(notification.NotificationId).AcceptAsync(notification.Request, sendId);
            if (result.Outcome == AcceptOutcome.Accepted)
            {
                Interlocked.Increment(ref accepted);
            }
        });
        return accepted;
    }
}
