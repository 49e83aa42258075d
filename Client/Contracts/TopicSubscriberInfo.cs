namespace Notifications.Client;

public sealed record TopicSubscriberInfo(string UserId, string Mode, NotificationPriority? Priority, DateTimeOffset SubscribedAt);
