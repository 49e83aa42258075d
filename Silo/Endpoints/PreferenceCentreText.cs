using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// The preference centre's words, in the user's language where the tenant gave them (<c>preference_centre_texts</c>
/// of <c>PUT /v1/settings</c>), else in English: the user's own tag first (<c>pt-BR</c>), then its language (<c>pt</c>).
/// </summary>
internal sealed class PreferenceCentreText
{
    public const string ChannelPrefix = "channel.";
    public const string CategoryPrefix = "category.";
    public const int MaxLength = 500;

    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["heading"] = "Your notification preferences",
        ["channels"] = "How you hear from us",
        ["categories"] = "What you hear about",
        ["quiet_hours"] = "Quiet hours",
        ["quiet_hours_note"] = "Nothing but what is urgent during these hours; leave both empty for none.",
        ["from"] = "From",
        ["until"] = "Until",
        ["everything_else"] = "Everything else",
        ["opt_out"] = "Send me only what is critical, such as security alerts and sign-in codes",
        ["always_sent"] = "Always sent: needed for your security or by law.",
        ["save"] = "Save my preferences",
        ["saved"] = "Your preferences are saved.",
        ["expired"] = "This link has expired or is not valid. Ask for a new one where you found it.",
        ["bad_quiet_hours"] = "Quiet hours need a start and an end time that differ, such as 22:00 and 07:00. Nothing was changed.",
        [ChannelPrefix + ChannelNames.Email] = "Email",
        [ChannelPrefix + ChannelNames.Sms] = "Text messages (SMS)",
        [ChannelPrefix + ChannelNames.Voice] = "Voice calls",
        [ChannelPrefix + ChannelNames.Push] = "Mobile notifications",
        [ChannelPrefix + ChannelNames.WebPush] = "Browser notifications",
        [ChannelPrefix + ChannelNames.InApp] = "Messages in the app",
    };

    private readonly IReadOnlyDictionary<string, string>? _given;

    public PreferenceCentreText(TenantSettings settings, string? language)
    {
        var texts = settings.PreferenceCentreTexts;
        var tag = language is null || texts is null ? null
            : texts.ContainsKey(language) ? language
            : language.Split('-')[0] is var primary && texts.ContainsKey(primary) ? primary
            : null;
        (Language, _given) = tag is null ? ("en", null) : (tag, texts![tag]);
    }

    /// <summary>The language the page is in: the tag whose texts it shows, or <c>en</c>.</summary>
    public string Language { get; }

    public static bool IsKey(string key) =>
        English.ContainsKey(key) || (key.StartsWith(CategoryPrefix, StringComparison.Ordinal) && key.Length > CategoryPrefix.Length);

    public string this[string key] => _given?.GetValueOrDefault(key) ?? English[key];

    /// <summary>A category's label: the tenant's text for it in this language, else its description, else its name.</summary>
    public string Category(CategoryDefinition category) =>
        _given?.GetValueOrDefault(CategoryPrefix + category.Name) ?? category.Description ?? category.Name;
}
