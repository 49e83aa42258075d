using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Keeps the batches that wait for one send time and releases them when it comes. A page is added here before it is
/// stored, so a crash in between leaves an entry that finds nothing; it leaves here only once it is done, so a crash
/// while it is delivered releases it again at the reminder's next tick (a page cut off in the middle is then made the
/// slow way, one notification grain per recipient). Reentrant, so that a campaign's pages are added by a few
/// coalesced writes, and while it releases.
/// </summary>
[GrainType(GrainTypeName)]
[Reentrant]
public sealed partial class ScheduledReleaseGrain(
    [PersistentState(ScheduledReleaseGrainState.Name)] IPersistentState<ScheduledReleaseGrainState> release,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<ScheduledReleaseGrain> logger) : Grain, IScheduledReleaseGrain, IRemindable
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "scheduledrelease";

    /// <summary>The parts a send time's pages are spread over, so that a campaign's are released by more than one activation and silo.</summary>
    private const int Parts = 4;

    /// <summary>Pages of one part being released at once: each is activated only for its turn, and the lanes pace them.</summary>
    private const int PagesInFlight = 16;

    private const string ReleaseReminder = "release";

    private CoalescedWrite? _write;

    private Task? _armed;

    private bool _releasing;

    /// <summary>The release's state and reminder going, when every page is done: an add meanwhile waits for it, then arms anew.</summary>
    private Task? _closing;

    private IGrainTimer? _wake;

    private ScheduledReleaseGrainState State => release.State;

    /// <summary>The key of the part that keeps <paramref name="pageKey"/> until <paramref name="sendAt"/>.</summary>
    public static string KeyFor(DateTimeOffset sendAt, string pageKey) =>
        $"{sendAt.UtcTicks}/{StableHash.PartOf(pageKey, Parts)}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Never cleared through it: a clear puts a new state in place, and an add made while it runs would be lost.
        _write = new CoalescedWrite(() => release.WriteStateAsync());
        return Task.CompletedTask;
    }

    public async Task AddAsync(string pageKey, DateTimeOffset sendAt)
    {
        if (_closing is { } closing)
        {
            await closing;
        }

        // The reminder before the first entry is stored: a crash between them leaves a reminder that finds nothing.
        _armed ??= ArmAsync(sendAt);
        try
        {
            await _armed;
        }
        catch
        {
            _armed = null;
            throw;
        }

        State.SendAt = sendAt;
        if (!State.Pages.Contains(pageKey))
        {
            State.Pages.Add(pageKey);
        }

        await _write!.WriteAsync();
        if (sendAt <= time.GetUtcNow() && !_releasing)
        {
            // Its accept ended just as its time came, after the release had begun or finished: released now all the same.
            _ = this.AsReference<IScheduledReleaseGrain>().ReleaseAsync();
        }
    }

    private async Task ArmAsync(DateTimeOffset sendAt)
    {
        var due = sendAt - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(ReleaseReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, options.Value.ResumeCheckInterval);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_releasing)
        {
            return;
        }

        if (State.Pages.Count > 0)
        {
            _ = this.AsReference<IScheduledReleaseGrain>().ReleaseAsync();
            return;
        }

        // Every page is done (or none was stored): the state and the reminder go, an add meanwhile waiting for them.
        if (_closing is null && (time.GetUtcNow() > State.SendAt + options.Value.ResumeCheckInterval / 2 || !release.RecordExists))
        {
            _closing = CloseAsync();
            try
            {
                await _closing;
            }
            finally
            {
                _closing = null;
            }
        }
    }

    private async Task CloseAsync()
    {
        // An add that began before the close is stored first, and keeps the release.
        await _write!.WhenStoredAsync();
        if (State.Pages.Count > 0)
        {
            return;
        }

        _armed = null;
        if (await this.GetReminder(ReleaseReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (State.Pages.Count > 0)
        {
            await (_armed = ArmAsync(State.SendAt));
            return;
        }

        if (release.RecordExists)
        {
            await release.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    public async Task ReleaseAsync()
    {
        if (_releasing || State.Pages.Count == 0)
        {
            return;
        }

        var wait = State.SendAt - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            // The reminder came a moment early.
            _wake?.Dispose();
            _wake = this.RegisterGrainTimer(_ => ReleaseAsync(), new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            return;
        }

        _releasing = true;
        var failedPages = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var done = new HashSet<string>(StringComparer.Ordinal);
            string[] pending;
            // Pages added while the others were released (their accept ended just before the time) go in the next round.
            while ((pending = [.. State.Pages.Where(page => !done.Contains(page))]).Length > 0)
            {
                var failed = false;
                await Concurrently.ForEachAsync(pending, PagesInFlight, async (pageKey, _) =>
                {
                    try
                    {
                        await GrainFactory.Get<IFanOutPageGrain>(pageKey).ReleaseAsync();
                        done.Add(pageKey);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // Left for the reminder's next tick.
                        failed = true;
                        failedPages.Add(pageKey);
                        LogNotReleased(logger, exception, pageKey);
                    }
                });
                if (failed)
                {
                    break;
                }
            }

            State.Pages.RemoveAll(done.Contains);
            await _write!.WriteAsync();
        }
        finally
        {
            _releasing = false;
        }

        if (State.Pages.Count > 0 && State.Pages.All(page => !failedPages.Contains(page)))
        {
            // Added while the last of the others were stored as done.
            _ = this.AsReference<IScheduledReleaseGrain>().ReleaseAsync();
        }
    }

    [LoggerMessage(EventId = 2700, Level = LogLevel.Warning, Message = "A batch waiting for its send time ({PageKey}) could not be released; the next reminder tick tries again")]
    private static partial void LogNotReleased(ILogger logger, Exception exception, string pageKey);
}
