namespace Notifications.Runtime;

/// <summary>Lets the activation read every injected state before OnActivateAsync.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
