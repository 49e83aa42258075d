using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Hears every silo's report and keeps the service's alerts: a provider's circuit open on any silo, a route whose
/// every provider is open on any silo, and a backlog (the sum of the silos' latest reports) that never fell below where
/// it stood <see cref="AlertOptions.BacklogGrowingFor"/> ago while above its floor. An alert is stored as raised
/// (or over) before it is told, and told until it is, under the same id: a crash or an event log that fails tells it
/// later. A silo not heard from for six report periods counts as gone.
/// </summary>
[GrainType(GrainTypeName)]
public sealed class ServiceAlertsGrain(
    [PersistentState(ServiceAlertsGrainState.Name)] IPersistentState<ServiceAlertsGrainState> alerts,
    AlertNotices notices,
    IOptions<AlertOptions> options,
    TimeProvider time) : Grain, IServiceAlertsGrain
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "servicealerts";

    private readonly Dictionary<SiloAddress, (SiloHealthReport Report, DateTimeOffset At)> _reports = [];

    /// <summary>The cluster's backlog, sampled once per report period, oldest first.</summary>
    private readonly List<(DateTimeOffset At, long Backlog)> _backlog = [];

    public Task<IReadOnlyList<ActiveAlert>> ActiveAsync() => Task.FromResult<IReadOnlyList<ActiveAlert>>([.. alerts.State.Active.Values.OrderBy(a => a.RaisedAt)]);

    public async Task ReportAsync(SiloAddress silo, SiloHealthReport report)
    {
        var now = time.GetUtcNow();
        var every = options.Value.CheckEvery;
        _reports[silo] = (report, now);
        foreach (var gone in _reports.Where(r => now - r.Value.At > every * 6).Select(r => r.Key).ToArray())
        {
            _reports.Remove(gone);
        }

        if (_backlog.Count > 0 && now - _backlog[^1].At < every * 0.9)
        {
            // Several silos report each period: the backlog is sampled once, and the alerts looked at once.
            return;
        }

        _backlog.Add((now, _reports.Values.Sum(r => (long)r.Report.Backlog)));
        var window = options.Value.BacklogGrowingFor;
        while (_backlog.Count > 1 && now - _backlog[1].At >= window)
        {
            _backlog.RemoveAt(0);
        }

        await SettleAsync(Conditions(now), now);
    }

    /// <summary>What is wrong now, by <c>kind:subject</c>.</summary>
    private Dictionary<string, ActiveAlert> Conditions(DateTimeOffset now)
    {
        var found = new Dictionary<string, ActiveAlert>(StringComparer.Ordinal);
        var reports = _reports.Values.Select(r => r.Report).ToArray();
        foreach (var (route, provider) in reports.SelectMany(r => r.OpenCircuits).Distinct())
        {
            var subject = $"{route}/{provider}";
            found[$"{AlertKinds.ProviderCircuitOpen}:{subject}"] = new ActiveAlert("", AlertKinds.ProviderCircuitOpen, subject,
                $"The circuit of provider {provider} on route {route} is open: its sends go to the next provider of the route, or wait.", now, route, provider);
        }

        foreach (var route in reports.SelectMany(r => r.DownRoutes).Distinct())
        {
            found[$"{AlertKinds.ChannelDown}:{route}"] = new ActiveAlert("", AlertKinds.ChannelDown, route,
                $"Every provider of route {route} has its circuit open: nothing is delivered through it until one recovers.", now, route);
        }

        var (windowStart, startBacklog) = _backlog[0];
        var backlog = _backlog[^1].Backlog;
        var covered = now - windowStart >= options.Value.BacklogGrowingFor * 0.95;
        if (covered && backlog >= options.Value.BacklogFloor && backlog > startBacklog && _backlog.All(sample => sample.Backlog >= startBacklog))
        {
            found[$"{AlertKinds.BacklogGrowing}:cluster"] = new ActiveAlert("", AlertKinds.BacklogGrowing, "cluster",
                $"The delivery backlog grew from {startBacklog} to {backlog} over {options.Value.BacklogGrowingFor.TotalMinutes:0.#} minutes without falling back.", now);
        }
        else if (alerts.State.Active.ContainsKey($"{AlertKinds.BacklogGrowing}:cluster") && backlog >= startBacklog && backlog >= options.Value.BacklogFloor / 2)
        {
            // Raised, and not yet shrinking: it stays raised until the backlog falls.
            found[$"{AlertKinds.BacklogGrowing}:cluster"] = alerts.State.Active[$"{AlertKinds.BacklogGrowing}:cluster"];
        }

        return found;
    }

    private async Task SettleAsync(Dictionary<string, ActiveAlert> found, DateTimeOffset now)
    {
        var changed = false;
        foreach (var (key, condition) in found.Where(f => !alerts.State.Active.ContainsKey(f.Key)))
        {
            var alert = condition with { Id = ActiveAlert.NewId() };
            alerts.State.Active[key] = alert;
            alerts.State.ToRaise.Add(alert);
            changed = true;
        }

        // A new activation has heard one silo yet: nothing raised because of another is resolved until all have reported.
        if (now - _activatedAt >= options.Value.CheckEvery * 3)
        {
            foreach (var (key, alert) in alerts.State.Active.Where(a => !found.ContainsKey(a.Key)).ToArray())
            {
                alerts.State.Active.Remove(key);
                if (alerts.State.ToRaise.RemoveAll(a => a.Id == alert.Id) == 0)
                {
                    alerts.State.ToResolve.Add(alert);
                }

                changed = true;
            }
        }

        // Stored before it is told: a crash or a failure tells it again, under the same id.
        if (changed)
        {
            await alerts.WriteStateAsync();
        }

        var tenant = options.Value.Tenant;
        var told = false;
        foreach (var alert in alerts.State.ToRaise.ToArray())
        {
            if (await notices.TryTellAsync(tenant, alert, resolved: false, now))
            {
                alerts.State.ToRaise.Remove(alert);
                told = true;
            }
        }

        foreach (var alert in alerts.State.ToResolve.ToArray())
        {
            if (await notices.TryTellAsync(tenant, alert, resolved: true, now))
            {
                alerts.State.ToResolve.Remove(alert);
                told = true;
            }
        }

        if (told)
        {
            await alerts.WriteStateAsync();
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        return Task.CompletedTask;
    }

    private DateTimeOffset _activatedAt;
}
