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

    private IGrainTimer? _wake;

    private ScheduledReleaseGrainState State => release.State;

    /// <summary>The key of the part that keeps <paramref name="pageKey"/> until <paramref name="sendAt"/>.</summary>
    public static string KeyFor(DateTimeOffset sendAt, string pageKey) =>
        $"{sendAt.UtcTicks}/{StableHash.PartOf(pageKey, Parts)}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _write = new CoalescedWrite(() => State.Pages.Count == 0 ? release.ClearStateAsync() : release.WriteStateAsync());
        return Task.CompletedTask;
    }

    public async Task AddAsync(string pageKey, DateTimeOffset sendAt)
    {
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

        if (State.Pages.Count == 0)
        {
            // Every page is done, and no page can be added for a time that has passed.
            if (time.GetUtcNow() > State.SendAt + options.Value.ResumeCheckInterval / 2 || !release.RecordExists)
            {
                if (await this.GetReminder(ReleaseReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }

                DeactivateOnIdle();
            }

            return;
        }

        _ = this.AsReference<IScheduledReleaseGrain>().ReleaseAsync();
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
    }

    [LoggerMessage(EventId = 2700, Level = LogLevel.Warning, Message = "A batch waiting for its send time ({PageKey}) could not be released; the next reminder tick tries again")]
    private static partial void LogNotReleased(ILogger logger, Exception exception, string pageKey);
}
