using Microsoft.Extensions.Hosting;

namespace Notifications.Grains;

/// <summary>Builds the providers when the host starts: a wrong setting fails the start, not a delivery.</summary>
internal sealed class ProviderStartupCheck(ProviderChains chains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            chains.BuildAll();
        }
        catch (System.Reflection.TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
