namespace Notifications.Grains;

/// <summary>One attempt to deliver one notification through one channel, to the user's live addresses.</summary>
public sealed record Delivery(string NotificationId, NotificationRequest Request, int Attempt, string? Language, Recipient Recipient, DateTimeOffset AcceptedAt);
