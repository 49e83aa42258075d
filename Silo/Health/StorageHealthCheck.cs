using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>Ready only while grain storage answers: without it nothing can be accepted durably.</summary>
internal sealed class StorageHealthCheck(IStorageHealth? storage = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return storage is null || await storage.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Storage did not answer.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("Storage is unreachable.", exception);
        }
    }
}
