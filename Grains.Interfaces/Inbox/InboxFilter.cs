namespace Notifications.Grains;

public enum InboxFilter
{
    /// <summary>Everything not archived.</summary>
    Active,
    Unread,
    Archived,
    All,
}
