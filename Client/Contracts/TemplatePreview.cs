namespace Notifications.Client;

/// <param name="Locale">The locale the user's language fell back to.</param>
/// <param name="Missing">Variables the send would have to give, by name, with the field using each: a send like this is refused.</param>
public sealed record TemplatePreview(
    string Id,
    int Version,
    string Locale,
    IReadOnlyDictionary<string, RenderedContent> Channels,
    IReadOnlyDictionary<string, string> Missing);
