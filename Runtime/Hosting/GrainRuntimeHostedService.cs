using Microsoft.Extensions.Hosting;

namespace Notifications.Runtime;

/// <summary>Starts the runtime with the host and stops it, deactivating every grain, on shutdown.</summary>
internal sealed class GrainRuntimeHostedService(GrainRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
