namespace Notifications.Client;

/// <summary>How one user takes a topic's notifications.</summary>
/// <param name="Mode">The channel this subscriber takes them through, or <c>default</c> for the topic's service type.</param>
/// <param name="Priority">Raises this subscriber's notifications from the topic to at least this priority.</param>
public sealed record SubscribeToTopic(string? Mode = null, NotificationPriority? Priority = null);
