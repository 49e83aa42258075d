namespace Notifications.Client;

/// <summary>One user in a bulk subscription; <paramref name="Mode"/> and <paramref name="Priority"/> as in <see cref="SubscribeToTopic"/>.</summary>
public sealed record TopicSubscriber(string UserId, string? Mode = null, NotificationPriority? Priority = null);
