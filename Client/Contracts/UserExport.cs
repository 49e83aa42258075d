namespace Notifications.Client;

/// <summary>Everything the service holds about one user.</summary>
/// <param name="User">Null when only notifications to a user since deleted remain.</param>
public sealed record UserExport(DateTimeOffset ExportedAt, UserInfo? User, IReadOnlyList<InboxItemInfo> Inbox, IReadOnlyList<NotificationInfo> Notifications);
