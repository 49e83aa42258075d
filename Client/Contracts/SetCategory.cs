namespace Notifications.Client;

/// <param name="Critical">Notifications of the category bypass users' preferences: opt-outs, channels turned off,
/// quiet hours and caps (for security alerts, say).</param>
public sealed record SetCategory(string? Description = null, bool Critical = false, FrequencyCap? FrequencyCap = null);
