namespace Notifications.Client;

/// <summary>A daily window in the user's time zone (<c>"22:00"</c> to <c>"07:00"</c>) in which only critical
/// notifications are delivered; the others wait for its end. Both "" removes it.</summary>
public sealed record QuietHoursSettings(string Start, string End);
