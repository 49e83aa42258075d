using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Sends one endpoint the events of one part of its tenant's log, one at a time and in the log's order. An event that
/// fails waits for its retry while the part goes on with other notifications' events; the later events of its own
/// notification wait behind it, so each notification's events arrive in order. When too many notifications wait for
/// retries the part stops taking new events until one gets through: an endpoint that is down keeps its events in the
/// log. A reminder that stays registered while the endpoint exists resumes the part after a crash; the cursor is
/// stored after each round, so a crash sends at most a round's events again, under the same ids.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class EventDeliveryGrain(
    [PersistentState(EventDeliveryGrainState.Name)] IPersistentState<EventDeliveryGrainState> delivery,
    EventPublisher publisher,
    WebhookSender sender,
    IOptions<EventWebhookOptions> options,
    TimeProvider time,
    ILogger<EventDeliveryGrain> logger) : Grain, IEventDeliveryGrain, IRemindable
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "eventdelivery";

    private const string ResumeReminder = "resume";

    /// <summary>A round sends for about this long before it lets other calls in and stores its cursor.</summary>
    private static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(1);

    private const int ReadSize = 100;

    private IGrainTimer? _round;

    /// <summary>A round is due at once (so further wake-ups need not move the timer).</summary>
    private bool _roundDueNow;

    private EventDeliveryGrainState State => delivery.State;

    private (string Tenant, string EndpointId, int Part) Key
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var partAt = key.LastIndexOf('/');
            var endpointAt = key.LastIndexOf('/', partAt - 1);
            return (key[..endpointAt], key[(endpointAt + 1)..partAt], int.Parse(key[(partAt + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public async Task StartAsync()
    {
        if (State.Started)
        {
            RoundSoon();
            return;
        }

        // The reminder first: a crash before the state is stored leaves a reminder that finds nothing started and goes.
        var interval = options.Value.ResumeCheckInterval;
        await this.RegisterOrUpdateReminder(ResumeReminder, interval, interval);
        State.Cursor = (await Log().ReadAsync(long.MaxValue, 0)).Head;
        State.Started = true;
        await delivery.WriteStateAsync();
    }

    public async Task StopAsync()
    {
        _round?.Dispose();
        _round = null;
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await delivery.ClearStateAsync();
        DeactivateOnIdle();
    }

    public Task WakeAsync() => StartAsync();

    public async Task<long> ReplayAsync(DateTimeOffset since)
    {
        if (!State.Started)
        {
            return 0;
        }

        var from = await Log().SequenceAtAsync(since);
        var replayed = Math.Max(0, State.Cursor - from);
        State.Cursor = Math.Min(State.Cursor, from);
        // Retries due later are tried now too, and the run of failures starts again: a replay follows a fix at the receiver.
        State.FailingSince = null;
        foreach (var retrying in State.Retrying)
        {
            retrying.NextAttemptAt = time.GetUtcNow();
        }

        await delivery.WriteStateAsync();
        RoundSoon();
        return replayed;
    }

    public async Task<EventDeliveryStatus> StatusAsync()
    {
        var head = State.Started ? (await Log().ReadAsync(long.MaxValue, 0)).Head : 0;
        return new EventDeliveryStatus(
            State.Delivered,
            Math.Max(0, head - State.Cursor),
            State.Retrying.Sum(r => r.Sequences.Count),
            State.GivenUp + State.Expired,
            State.LastDeliveredAt,
            State.FailingSince,
            State.LastError);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Started)
        {
            // The endpoint was deleted, or its start never stored.
            await StopAsync();
            return;
        }

        RoundSoon();
    }

    private void RoundSoon()
    {
        if (!_roundDueNow)
        {
            RoundIn(TimeSpan.Zero);
        }
    }

    private void RoundIn(TimeSpan due)
    {
        _round?.Dispose();
        _roundDueNow = due == TimeSpan.Zero;
        // Not kept alive: between rounds the reminder is what brings the part back.
        _round = this.RegisterGrainTimer(RoundAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        _round?.Dispose();
        _round = null;
        _roundDueNow = false;
        if (!State.Started)
        {
            return;
        }

        var (tenant, endpointId, _) = Key;
        var endpoint = await EndpointAsync(tenant, endpointId);
        if (endpoint is null)
        {
            await StopAsync();
            return;
        }

        if (!Active)
        {
            return;
        }

        var schedule = options.Value.Schedule();
        var started = Stopwatch.GetTimestamp();
        var changed = false;
        var caughtUp = false;
        try
        {
            foreach (var retrying in State.Retrying.Where(r => r.NextAttemptAt <= time.GetUtcNow()).OrderBy(r => r.NextAttemptAt).ToArray())
            {
                changed = true;
                await RetryAsync(endpoint, retrying, schedule);
                if (!Active || Stopwatch.GetElapsedTime(started) > RoundLength)
                {
                    break;
                }
            }

            while (Active && State.Retrying.Count < options.Value.MaxRetrying && Stopwatch.GetElapsedTime(started) <= RoundLength)
            {
                var read = await Log().ReadAsync(State.Cursor, ReadSize);
                if (read.Head < State.Cursor)
                {
                    // Never past what the log has stored; should a crash ever take events back, they are read again.
                    State.Cursor = read.Head;
                    changed = true;
                }

                if (read.From > State.Cursor)
                {
                    State.Expired += read.From - State.Cursor;
                    State.Cursor = read.From;
                    changed = true;
                }

                if (read.Events.Count == 0)
                {
                    caughtUp = true;
                    break;
                }

                for (var i = 0; i < read.Events.Count && State.Retrying.Count < options.Value.MaxRetrying && Stopwatch.GetElapsedTime(started) <= RoundLength; i++)
                {
                    var sequence = read.From + i;
                    var next = read.Events[i];
                    if (endpoint.Wants(next.Type))
                    {
                        if (State.Retrying.Find(r => r.OrderKey == next.OrderKey) is { } waiting)
                        {
                            waiting.Add(sequence);
                        }
                        else if (!await SendAsync(endpoint, next))
                        {
                            State.Retrying.Add(new RetryingEvents
                            {
                                OrderKey = next.OrderKey,
                                Sequences = [sequence],
                                Attempts = 1,
                                NextAttemptAt = time.GetUtcNow() + RetryBackoff.Scheduled(1, schedule, retryAfter: null, Random.Shared),
                            });
                        }
                    }

                    State.Cursor = sequence + 1;
                    changed = true;
                    if (!Active)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            if (changed)
            {
                await delivery.WriteStateAsync();
            }
        }

        if (Active && State.FailingSince is { } failingSince && time.GetUtcNow() - failingSince >= options.Value.DisableAfter)
        {
            await DisableAsync(endpoint, $"Every event failed for {Describe(options.Value.DisableAfter)}. The last: {State.LastError}");
        }

        if (!Active)
        {
            return;
        }

        if (!caughtUp && State.Retrying.Count < options.Value.MaxRetrying)
        {
            RoundIn(TimeSpan.Zero);
        }
        else if (State.Retrying.Count > 0)
        {
            var due = State.Retrying.Min(r => r.NextAttemptAt) - time.GetUtcNow();
            RoundIn(due > TimeSpan.Zero ? due : TimeSpan.Zero);
        }
    }

    /// <summary>Tries the first waiting event of a notification, and on success sends the rest after it.</summary>
    private async Task RetryAsync(EventEndpoint endpoint, RetryingEvents retrying, TimeSpan[] schedule)
    {
        while (retrying.Sequences.Count > 0 && Active)
        {
            var sequence = retrying.Sequences[0];
            var read = await Log().ReadAsync(sequence, 1);
            if (read.From != sequence || read.Events.Count == 0)
            {
                State.Expired++;
                retrying.Sequences.RemoveAt(0);
                retrying.Attempts = 0;
                continue;
            }

            if (await SendAsync(endpoint, read.Events[0]))
            {
                retrying.Sequences.RemoveAt(0);
                retrying.Attempts = 0;
                continue;
            }

            retrying.Attempts++;
            if (retrying.Attempts > schedule.Length)
            {
                LogGivenUp(logger, read.Events[0].Id, endpoint.Id, retrying.Attempts, State.LastError);
                State.GivenUp++;
                retrying.Sequences.RemoveAt(0);
                retrying.Attempts = 0;
                continue;
            }

            retrying.NextAttemptAt = time.GetUtcNow() + RetryBackoff.Scheduled(retrying.Attempts, schedule, retryAfter: null, Random.Shared);
            return;
        }

        if (retrying.Sequences.Count == 0)
        {
            State.Retrying.Remove(retrying);
        }
        else
        {
            // The endpoint was disabled meanwhile: what waits is tried when it is enabled again.
            retrying.Attempts = 0;
            retrying.NextAttemptAt = time.GetUtcNow();
        }
    }

    /// <summary>One attempt at one event; the endpoint is disabled at once when it answers 410 Gone.</summary>
    private async Task<bool> SendAsync(EventEndpoint endpoint, TenantEvent next)
    {
        var now = time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(EventMessage.Of(next));
        var result = await sender.PostAsync(endpoint.Url, endpoint.SigningSecrets(now), next.Id, body, CancellationToken.None);
        if (result.Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Sent)
        {
            State.Delivered++;
            State.LastDeliveredAt = time.GetUtcNow();
            State.FailingSince = null;
            State.LastError = null;
            return true;
        }

        State.FailingSince ??= now;
        State.LastError = result.Reason;
        if (result.Outcome == DeliveryOutcome.PermanentRecipient)
        {
            // 410 Gone, or an address events may not go to: trying again cannot help until the tenant changes it.
            await DisableAsync(endpoint, result.Reason ?? "The endpoint refused events for good.");
        }

        return false;
    }

    private async Task DisableAsync(EventEndpoint endpoint, string reason)
    {
        LogDisabled(logger, endpoint.Id, reason);
        await GrainFactory.GetGrain<IEventEndpointsGrain>(Key.Tenant).DisableAsync(endpoint.Id, reason);
        _endpoint = endpoint with { Enabled = false, DisabledBecause = reason };
    }

    private EventEndpoint? _endpoint;

    /// <summary>The endpoint is there and enabled (a send in this round may have disabled it).</summary>
    private bool Active => _endpoint is { Enabled: true };

    /// <summary>The endpoint as last read; one missing from what this silo last read is looked for again before it counts as deleted.</summary>
    private async Task<EventEndpoint?> EndpointAsync(string tenant, string endpointId)
    {
        _endpoint = (await publisher.EndpointsOfAsync(tenant)).FirstOrDefault(e => e.Id == endpointId)
            ?? (await GrainFactory.GetGrain<IEventEndpointsGrain>(tenant).ListAsync()).FirstOrDefault(e => e.Id == endpointId);
        return _endpoint;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days"
        : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hours"
        : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} minutes"
        : $"{span.TotalSeconds:0.#} seconds";

    private IEventLogGrain Log()
    {
        var (tenant, _, part) = Key;
        return GrainFactory.GetGrain<IEventLogGrain>(EventKeys.Log(tenant, part));
    }

    [LoggerMessage(EventId = 2610, Level = LogLevel.Warning, Message = "Event {EventId} to endpoint {EndpointId} was given up after {Attempts} attempts: {Reason}")]
    private static partial void LogGivenUp(ILogger logger, string eventId, string endpointId, int attempts, string? reason);

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "Event endpoint {EndpointId} was disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string endpointId, string reason);
}
