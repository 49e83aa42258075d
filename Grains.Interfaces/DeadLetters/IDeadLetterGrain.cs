namespace Notifications.Grains;

/// <summary>The dead letters of one tenant, keyed by tenant: notifications that ran out of attempts.</summary>
[Alias("Notifications.Grains.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithStringKey
{
    [Alias("AddAsync")]
    Task AddAsync(DeadLetter deadLetter);

    [Alias("RemoveAsync")]
    Task RemoveAsync(string notificationId);

    /// <summary>Drops the user's dead letters, reasons and all (the user is being erased).</summary>
    [Alias("ForgetUserAsync")]
    Task ForgetUserAsync(string userId);

    /// <summary>Oldest first, starting after the notification id <paramref name="after"/> when given.</summary>
    [ReadOnly]
    [Alias("ListAsync")]
    Task<DeadLetterPage> ListAsync(string? after, int limit);
}
