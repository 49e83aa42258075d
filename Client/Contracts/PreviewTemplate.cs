namespace Notifications.Client;

/// <summary>What to render a template with: a user (their attributes and language), data, or a locale to force.</summary>
public sealed record PreviewTemplate(
    string? UserId = null,
    IReadOnlyDictionary<string, string>? Data = null,
    string? Locale = null,
    int? Version = null);
