namespace Notifications.Grains;

/// <summary>One attempt to deliver one notification through one channel.</summary>
public sealed record Delivery(string NotificationId, NotificationRequest Request, int Attempt, string? Language, WebhookEndpoint? Webhook, DateTimeOffset AcceptedAt);
