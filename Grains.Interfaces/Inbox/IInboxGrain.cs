using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>A user's durable in-app inbox, keyed <c>tenant/user</c> like the user.</summary>
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds a notification once: the same notification id again changes nothing and returns false.</summary>
    Task<bool> AddAsync(InboxItem item);

    [ReadOnly]
    Task<InboxPage> ListAsync(InboxFilter filter, int limit, string? cursor);

    [ReadOnly]
    Task<int> UnreadCountAsync();

    /// <summary>Marks the notifications named read, or every one when <paramref name="notificationIds"/> is null.</summary>
    Task<int> MarkReadAsync(IReadOnlyCollection<string>? notificationIds);

    Task<int> ArchiveAsync(IReadOnlyCollection<string> notificationIds);

    /// <summary>Erases the inbox.</summary>
    Task ClearAsync();
}
