namespace Notifications.Grains;

/// <summary>Maps a user's language to a language of Twilio's &lt;Say&gt;, which wants a region.</summary>
public static class SayLanguages
{
    private static readonly Dictionary<string, string> DefaultRegion = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ar"] = "arb", ["ca"] = "ca-ES", ["cy"] = "cy-GB", ["da"] = "da-DK", ["de"] = "de-DE", ["en"] = "en-US",
        ["es"] = "es-ES", ["fi"] = "fi-FI", ["fr"] = "fr-FR", ["hi"] = "hi-IN", ["is"] = "is-IS", ["it"] = "it-IT",
        ["ja"] = "ja-JP", ["ko"] = "ko-KR", ["nb"] = "nb-NO", ["no"] = "nb-NO", ["nl"] = "nl-NL", ["pl"] = "pl-PL",
        ["pt"] = "pt-BR", ["ro"] = "ro-RO", ["ru"] = "ru-RU", ["sv"] = "sv-SE", ["tr"] = "tr-TR", ["zh"] = "cmn-CN",
    };

    private static readonly HashSet<string> Regional = new(StringComparer.OrdinalIgnoreCase)
    {
        "de-AT", "en-AU", "en-GB", "en-IN", "en-NZ", "en-ZA", "es-MX", "es-US", "fr-CA", "nl-BE", "pt-PT", "zh-HK", "zh-TW",
    };

    public static string For(string? language)
    {
        if (language is null)
        {
            return "en-US";
        }

        if (Regional.Contains(language))
        {
            return language;
        }

        var baseLanguage = language.Split('-')[0];
        return DefaultRegion.TryGetValue(baseLanguage, out var voice) ? voice : "en-US";
    }
}
