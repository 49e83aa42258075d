namespace Notifications.Grains;

public sealed class ClusterLoadGrain(TimeProvider time) : Grain, IClusterLoadGrain
{
    /// <summary>A report older than this is from a silo that has gone (they report every second).</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly Dictionary<SiloAddress, (int Backlog, DateTimeOffset At)> _reports = [];

    public Task<ClusterBacklog> ReportAsync(SiloAddress silo, int backlog)
    {
        var now = time.GetUtcNow();
        _reports[silo] = (backlog, now);
        foreach (var gone in _reports.Where(report => now - report.Value.At > Fresh).Select(report => report.Key).ToArray())
        {
            _reports.Remove(gone);
        }

        return Task.FromResult(new ClusterBacklog(_reports.Values.Sum(report => report.Backlog), _reports.Count));
    }
}
