using System.Diagnostics;
using System.Threading.Channels;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// Accepts notifications sent at least once under no idempotency key of their own. A batch's are accepted together as
/// fan-out pages; single sends that arrive while earlier accepts are being stored wait for a moment and are accepted
/// together the same way, so under load a send costs a share of one activation and one write rather than its own
/// (group commit at the front door). Those to be sent later go together when they share a send time, and wait as their
/// page. A send that finds nobody to share with is a notification grain of its own, as a keyed one is.
/// </summary>
public sealed class AcceptCoalescer(IGrainFactory grains, TimeProvider time)
{
    /// <summary>Accepts in flight at once; while all are, new sends gather for the next.</summary>
    private const int ConcurrentAccepts = 2;

    /// <summary>At most this many notifications are accepted as one page.</summary>
    public const int MaxPage = 100;

    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _accepts = new(ConcurrentAccepts);
    private int _running;

    public Task<AcceptResult> AcceptAsync(NotificationRequest request)
    {
        var waiting = new Waiting(request, Activity.Current?.Id, new TaskCompletionSource<AcceptResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        _waiting.Writer.TryWrite(waiting);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = Task.Run(GatherAsync);
        }

        return waiting.Accepted.Task;
    }

    /// <summary>The send time <paramref name="request"/> waits for, if it is later than <paramref name="now"/>: a page's notifications share theirs.</summary>
    public static DateTimeOffset? WaitsUntil(NotificationRequest request, DateTimeOffset now) => request.SendAt > now ? request.SendAt : null;

    /// <summary>
    /// Accepts <paramref name="requests"/>, one tenant's, at most <see cref="MaxPage"/> and sharing their send time if
    /// it is to come, now as one page; the results in their order.
    /// </summary>
    public async Task<AcceptResult[]> AcceptTogetherAsync(IReadOnlyList<NotificationRequest> requests, IReadOnlyList<string?>? traceParents = null)
    {
        var now = time.GetUtcNow();
        var batchId = Guid.CreateVersion7().ToString("N");
        var recipients = requests.Select((request, i) => new FanOutRecipient(
            FanOutNotificationId.ForBatchItem(batchId, i), request.UserId, request.Channel, request.Priority, request, traceParents?[i] ?? Activity.Current?.Id)).ToArray();
        var page = grains.Get<IFanOutPageGrain>(FanOutNotificationId.Page(batchId, 0));
        // A page accepts once: a repeat meets what the first call stored.
        await ClusterRetry.RunAsync(() => page.AcceptBatchAsync(recipients));
        var waitsUntil = WaitsUntil(requests[0], now);
        return [.. recipients.Select(recipient => new AcceptResult(AcceptOutcome.Accepted,
            new NotificationSnapshot(recipient.NotificationId, recipient.Request!, waitsUntil is null ? NotificationStatus.Accepted : NotificationStatus.Scheduled, now,
                DeliveredAt: null, Attempts: 0, History: [], Engagements: [], NextAttemptAt: waitsUntil)))];
    }

    /// <summary>Accepts <paramref name="request"/> now, as a notification grain of its own under a new id.</summary>
    public async Task<AcceptResult> AcceptAloneAsync(NotificationRequest request)
    {
        var notification = grains.Get<INotificationGrain>(Guid.CreateVersion7().ToString("N"));
        var result = await ClusterRetry.RunAsync(() => notification.AcceptAsync(request, requestHash: ""));
        // The id is new: met as a duplicate, it met this send's own earlier attempt, which went through.
        return result with { Outcome = AcceptOutcome.Accepted };
    }

    private async Task GatherAsync()
    {
        while (true)
        {
            await _accepts.WaitAsync();
            var taken = new List<Waiting>();
            while (taken.Count < MaxPage && _waiting.Reader.TryRead(out var next))
            {
                taken.Add(next);
            }

            if (taken.Count == 0)
            {
                _accepts.Release();
                Interlocked.Exchange(ref _running, 0);
                // A send written after the last read but before the flag was cleared would otherwise wait for the next.
                // Peeked, not counted: a single-reader channel cannot count, and asking threw here every time.
                if (!_waiting.Reader.TryPeek(out _) || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            _ = AcceptAsync(taken);
        }
    }

    private async Task AcceptAsync(List<Waiting> taken)
    {
        try
        {
            // A page is one tenant's (its records are filed under that tenant's users), and waits for one send time.
            var now = time.GetUtcNow();
            await Task.WhenAll(taken.GroupBy(w => (w.Request.Tenant, WaitsUntil(w.Request, now))).Select(AcceptTenantsAsync));
        }
        finally
        {
            _accepts.Release();
        }
    }

    private async Task AcceptTenantsAsync(IEnumerable<Waiting> sends)
    {
        var taken = sends.ToArray();
        try
        {
            if (taken.Length == 1)
            {
                taken[0].Accepted.TrySetResult(await AcceptAloneAsync(taken[0].Request));
                return;
            }

            var results = await AcceptTogetherAsync([.. taken.Select(w => w.Request)], [.. taken.Select(w => w.TraceParent)]);
            foreach (var (waiting, result) in taken.Zip(results))
            {
                waiting.Accepted.TrySetResult(result);
            }
        }
        catch (Exception exception)
        {
            foreach (var waiting in taken)
            {
                waiting.Accepted.TrySetException(exception);
            }
        }
    }

    private sealed record Waiting(NotificationRequest Request, string? TraceParent, TaskCompletionSource<AcceptResult> Accepted);
}
