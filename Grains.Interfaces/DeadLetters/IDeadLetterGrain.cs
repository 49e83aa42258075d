using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>The dead letters of one tenant, keyed by tenant: notifications that ran out of attempts.</summary>
public interface IDeadLetterGrain : IGrainWithStringKey
{
    Task AddAsync(DeadLetter deadLetter);

    Task RemoveAsync(string notificationId);

    /// <summary>Oldest first, starting after the notification id <paramref name="after"/> when given.</summary>
    [ReadOnly]
    Task<DeadLetterPage> ListAsync(string? after, int limit);
}
