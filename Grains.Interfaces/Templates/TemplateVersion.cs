namespace Notifications.Grains;

/// <summary>One published version of a template: immutable, so that a notification renders as it was sent.</summary>
/// <param name="Locales">By BCP 47 tag (<c>de-AT</c>, <c>de</c>) and <c>default</c>, which every version has.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TemplateVersion")]
public sealed record TemplateVersion(string TemplateId, int Version, IReadOnlyDictionary<string, TemplateContent> Locales, DateTimeOffset PublishedAt)
{
    public const string DefaultLocale = "default";

    /// <summary>The user's locale, then its language, then the default: <c>de-AT</c>, <c>de</c>, <c>default</c>.</summary>
    public (string Locale, TemplateContent Content) For(string? locale)
    {
        for (var tag = locale; !string.IsNullOrEmpty(tag); tag = tag.LastIndexOf('-') is > 0 and var dash ? tag[..dash] : null)
        {
            var match = Locales.Keys.FirstOrDefault(k => string.Equals(k, tag, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return (match, Locales[match]);
            }
        }

        return (DefaultLocale, Locales[DefaultLocale]);
    }
}
