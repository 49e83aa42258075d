namespace Notifications.Grains;

/// <summary>A user's durable in-app inbox, keyed <c>tenant/user</c> like the user.</summary>
[Alias("Notifications.Grains.IInboxGrain")]
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds a notification once: the same notification id again changes nothing and returns false.</summary>
    [Alias("AddAsync")]
    Task<bool> AddAsync(InboxItem item);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<InboxPage> ListAsync(InboxFilter filter, int limit, string? cursor);

    [ReadOnly]
    [Alias("UnreadCountAsync")]
    Task<int> UnreadCountAsync();

    /// <summary>Whether the notification is in the inbox and was read (or archived): what a workflow asks to learn whether an in-app message was opened.</summary>
    [ReadOnly]
    [Alias("IsReadAsync")]
    Task<bool> IsReadAsync(string notificationId);

    /// <summary>Marks the notifications named read, or every one when <paramref name="notificationIds"/> is null.</summary>
    [Alias("MarkReadAsync")]
    Task<int> MarkReadAsync(IReadOnlyCollection<string>? notificationIds);

    [Alias("ArchiveAsync")]
    Task<int> ArchiveAsync(IReadOnlyCollection<string> notificationIds);

    /// <summary>Erases the inbox.</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();
}
