namespace Notifications.Client;

/// <summary>A new version of a template.</summary>
/// <param name="Locales">By BCP 47 tag (<c>de-AT</c>, <c>de</c>), and <c>default</c>, which is required. A user's
/// locale falls back to its language, then to the default.</param>
public sealed record PublishTemplate(IReadOnlyDictionary<string, TemplateLocale> Locales);
