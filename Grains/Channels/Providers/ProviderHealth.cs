using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Notifications.Grains;

/// <summary>
/// What every provider's sends came to: counters and durations for metrics, and open circuits and configuration
/// errors for health checks.
/// </summary>
public sealed class ProviderHealth : IDisposable
{
    public const string MeterName = "Notifications.Providers";

    private readonly Meter _meter = new(MeterName);
    private readonly ConcurrentDictionary<(string Route, string Provider), ProviderStatus> _status = new();
    private readonly TimeProvider _time;
    private readonly Counter<long> _sends;
    private readonly Histogram<double> _duration;

    public ProviderHealth(TimeProvider time)
    {
        _time = time;
        _sends = _meter.CreateCounter<long>("notifications.provider.sends", description: "Sends through a provider, by outcome.");
        _duration = _meter.CreateHistogram<double>("notifications.provider.duration", "s", "How long a provider took to answer.");
        _meter.CreateObservableGauge("notifications.provider.circuit_open", () => _status.Values.Select(s =>
            new Measurement<int>(s.CircuitOpen ? 1 : 0, new KeyValuePair<string, object?>("route", s.Route), new KeyValuePair<string, object?>("provider", s.Provider))),
            description: "1 while a provider's circuit is open (its sends go to the next provider of the route), else 0.");
    }

    public void Register(string route, string provider) =>
        _status.TryAdd((route, provider), new ProviderStatus(route, provider, false, null, null, 0, 0));

    /// <param name="recipient">The address the send went to: a configuration error is kept without it, so that what is
    /// shown to operators (and outlives the erasure of the user) holds no one's address.</param>
    public void Record(string route, string provider, DeliveryResult result, TimeSpan elapsed, string recipient)
    {
        var outcome = result.Outcome.ToString();
        var tags = new TagList { { "route", route }, { "provider", provider }, { "outcome", outcome } };
        _sends.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
        // A recipient's refusal is an answer, not a failure of the provider; only a taken send proves the configuration.
        var succeeded = result.Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Sent or DeliveryOutcome.PermanentRecipient;
        var taken = result.Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Sent;
        _status.AddOrUpdate(
            (route, provider),
            _ => Next(new ProviderStatus(route, provider, false, null, null, 0, 0)),
            (_, current) => Next(current));

        ProviderStatus Next(ProviderStatus current) => result.Outcome == DeliveryOutcome.PermanentConfiguration
            ? current with { ConfigurationError = WithoutRecipient(result.Reason, recipient), ConfigurationErrorAt = _time.GetUtcNow(), Failed = current.Failed + 1 }
            : taken
                ? current with { ConfigurationError = null, ConfigurationErrorAt = null, Succeeded = current.Succeeded + 1 }
                : succeeded
                    ? current with { Succeeded = current.Succeeded + 1 }
                    : current with { Failed = current.Failed + 1 };
    }

    private static string? WithoutRecipient(string? reason, string recipient) =>
        reason is null || recipient.Length == 0 ? reason : reason.Replace(recipient, "[recipient]", StringComparison.OrdinalIgnoreCase);

    public void CircuitChanged(string route, string provider, bool open) =>
        _status.AddOrUpdate(
            (route, provider),
            _ => new ProviderStatus(route, provider, open, null, null, 0, 0),
            (_, current) => current with { CircuitOpen = open });

    public IReadOnlyList<ProviderStatus> Snapshot() =>
        _status.Values.OrderBy(s => s.Route, StringComparer.Ordinal).ThenBy(s => s.Provider, StringComparer.Ordinal).ToArray();

    public void Dispose() => _meter.Dispose();
}
