namespace Notifications.Client;

/// <summary>Everything the service holds about one user.</summary>
/// <param name="User">Null when only notifications to a user since deleted remain.</param>
/// <param name="WorkflowRuns">The workflow runs for the user, each with the event that started it.</param>
public sealed record UserExport(DateTimeOffset ExportedAt, UserInfo? User, IReadOnlyList<InboxItemInfo> Inbox, IReadOnlyList<NotificationInfo> Notifications, IReadOnlyList<WorkflowRunInfo>? WorkflowRuns = null);
