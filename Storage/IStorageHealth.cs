namespace Notifications.Storage;

/// <summary>Whether the silo's store answers, for readiness checks.</summary>
public interface IStorageHealth
{
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
