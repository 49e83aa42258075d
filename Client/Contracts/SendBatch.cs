namespace Notifications.Client;

public sealed record SendBatch(IReadOnlyList<SendNotification> Notifications);
