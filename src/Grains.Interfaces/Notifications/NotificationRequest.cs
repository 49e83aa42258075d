namespace Notifications.Grains;

/// <summary>What a sender asked for, as accepted.</summary>
public sealed record NotificationRequest(
    string Tenant,
    string UserId,
    string Message,
    string? Title = null,
    Priority Priority = Priority.Normal,
    string? Category = null,
    string? Language = null,
    string? Channel = null,
    IReadOnlyDictionary<string, string>? Data = null);
