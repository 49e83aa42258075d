using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Runtime;

namespace Notifications.Silo;

/// <summary>Ready only while grain storage answers: without it nothing can be accepted durably.</summary>
internal sealed class StorageHealthCheck(IGrainStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await storage.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Storage did not answer.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("Storage is unreachable.", exception);
        }
    }
}
