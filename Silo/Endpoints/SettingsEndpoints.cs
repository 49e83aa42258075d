using System.Globalization;
using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>What a tenant sets for all of its notifications.</summary>
internal static class SettingsEndpoints
{
    public const int MaxRedirectDomains = 100;
    public const int MaxLanguages = 50;
    public const int MaxTextsPerLanguage = 200;
    public const int MaxRetentionDays = 3_650;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static RouteGroupBuilder MapSettingsEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/settings").WithTags("Settings");
        group.MapGet("", GetAsync).WithSummary("The tenant's settings").Produces<TenantSettingsInfo>();
        group.MapPut("", SetAsync)
            .WithSummary("Change the tenant's settings")
            .Accepts<TenantSettingsInfo>("application/json")
            .Produces<TenantSettingsInfo>()
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> GetAsync(HttpContext context, IGrainFactory grains) =>
        Results.Ok(ToContract(await grains.GetGrain<ITenantSettingsGrain>(TenantFilter.TenantOf(context)).GetAsync()));

    private static async Task<IResult> SetAsync(HttpContext context, IGrainFactory grains)
    {
        var (set, problem) = await JsonBody.ReadAsync<TenantSettingsInfo>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var given = set!.RedirectDomains ?? [];
        var domains = new List<string>();
        if (given.Count > MaxRedirectDomains)
        {
            errors["redirect_domains"] = [$"At most {MaxRedirectDomains} domains."];
        }

        for (var i = 0; i < given.Count && errors.Count == 0; i++)
        {
            if (AsciiDomain(given[i]) is { } domain)
            {
                domains.Add(domain);
            }
            else
            {
                errors[$"redirect_domains[{i}]"] = ["A host name such as 'example.com' (its subdomains are allowed with it), without scheme, port or path."];
            }
        }

        PageTexts(set.PreferenceCentreTexts, errors);
        if (set.RetentionDays is < 1 or > MaxRetentionDays)
        {
            errors["retention_days"] = [$"From 1 to {MaxRetentionDays} days; leave it out for the service's default."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var settings = new TenantSettings([.. domains.Distinct(StringComparer.Ordinal)], set.PreferenceCentreTexts, set.RetentionDays);
        return Results.Ok(ToContract(await grains.GetGrain<ITenantSettingsGrain>(TenantFilter.TenantOf(context)).SetAsync(settings)));
    }

    private static void PageTexts(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? texts, Dictionary<string, string[]> errors)
    {
        if (texts is { Count: > MaxLanguages })
        {
            errors["preference_centre_texts"] = [$"At most {MaxLanguages} languages."];
            return;
        }

        foreach (var (language, byKey) in texts ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        {
            var field = $"preference_centre_texts.{language}";
            SendValidation.Language(language, field, errors);
            if (byKey is null)
            {
                errors[field] = ["An object of texts by key."];
                continue;
            }

            if (byKey.Count > MaxTextsPerLanguage)
            {
                errors[field] = [$"At most {MaxTextsPerLanguage} texts."];
                continue;
            }

            foreach (var (key, text) in byKey)
            {
                if (!PreferenceCentreText.IsKey(key) || key.Length > 80)
                {
                    errors[$"{field}.{key}"] = [$"Not a text of the page; one of: {string.Join(", ", PreferenceCentreText.English.Keys)}, or category.<name>."];
                }
                else if (text is null || text.Length is 0 or > PreferenceCentreText.MaxLength || text.Any(char.IsControl))
                {
                    errors[$"{field}.{key}"] = [$"1 to {PreferenceCentreText.MaxLength} characters, without control characters."];
                }
            }
        }
    }

    /// <summary>The name as DNS carries it (punycode, lower case), or null when it is not a host name of two labels or more.</summary>
    private static string? AsciiDomain(string name)
    {
        try
        {
            var ascii = Idn.GetAscii(name.Trim().TrimEnd('.')).ToLowerInvariant();
            return ascii.Contains('.') && ascii.Length <= 253 ? ascii : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static TenantSettingsInfo ToContract(TenantSettings settings) => new(settings.RedirectDomains, settings.PreferenceCentreTexts, settings.RetentionDays);
}
