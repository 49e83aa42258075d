using System.Globalization;

namespace Notifications.Bench;

/// <param name="Scenario">throughput (the default); priority: critical latency while <see cref="Count"/> low ones are queued; topic: one send to a topic of <see cref="Count"/> subscribers; audience: one send to the nine in ten of <see cref="Count"/> users a filter matches; tenants: one tenant floods <see cref="Count"/> critical sends at slow receivers while another sends one-time codes; events: <see cref="Count"/> events, one per request, each starting a workflow run that sends one notification.</param>
/// <param name="SubmitWindow">Priority scenario: how far ahead the low ones are due, which their submission must fit in; by default 20 s or a second per 8,000.</param>
/// <param name="SiloPid">The silo's process (on this machine), whose memory the priority scenario reads while the low ones wait.</param>
/// <param name="Doors">The front doors the sends go through, a connection each in turn: the silo's, and those <c>--doors</c> adds (a cluster's).</param>
internal sealed record DriverOptions(Uri Silo, IReadOnlyList<Uri> Doors, int Count, int Connections, int Users, int Warmup, int Batch, TimeSpan DeliveryTimeout, string Scenario, int CriticalPerSecond, TimeSpan? SubmitWindow, int? SiloPid)
{
    public static DriverOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var silo = new Uri(Value("--silo", "http://127.0.0.1:5090/"));
        return new DriverOptions(
            silo,
            [silo, .. Value("--doors", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(door => new Uri(door)).Where(door => door != silo)],
            Number("--count", 100_000),
            Number("--connections", 64),
            Number("--users", 1_000),
            // On two cores the JIT needs tens of thousands of notifications to finish tiering up the hot paths.
            Number("--warmup", 40_000),
            Number("--batch", 1),
            TimeSpan.FromSeconds(Number("--timeout", 300)),
            Value("--scenario", "throughput"),
            Number("--critical-per-second", 50),
            Array.IndexOf(args, "--submit-window") >= 0 ? TimeSpan.FromSeconds(Number("--submit-window", 0)) : null,
            Array.IndexOf(args, "--silo-pid") >= 0 ? Number("--silo-pid", 0) : null);
    }
}
