using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// Degraded while a provider's circuit is open or its last refusal said our configuration is wrong: the service
/// still accepts everything, but someone should look. The description names the providers, never their settings.
/// </summary>
internal sealed class ProviderHealthCheck(ProviderHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var troubled = health.Snapshot().Where(s => s.CircuitOpen || s.ConfigurationError is not null).ToArray();
        if (troubled.Length == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var description = string.Join("; ", troubled.Select(s => s.ConfigurationError is { } error
            ? $"{s.Route}/{s.Provider}: configuration error: {error}"
            : $"{s.Route}/{s.Provider}: circuit open"));
        return Task.FromResult(HealthCheckResult.Degraded(description));
    }
}
