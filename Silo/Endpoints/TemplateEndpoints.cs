using System.Text.RegularExpressions;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>Handlebars templates per channel and locale; every change publishes a new version.</summary>
internal static partial class TemplateEndpoints
{
    private const int MaxFieldLength = 65_536;

    private static readonly string[] PreviewChannels = [ChannelNames.Email, ChannelNames.Sms, ChannelNames.Voice, ChannelNames.Push, ChannelNames.WebPush, ChannelNames.InApp, ChannelNames.Webhook];

    public static RouteGroupBuilder MapTemplateEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/templates").WithTags("Templates");
        group.MapPut("/{templateId}", PublishAsync)
            .WithSummary("Publish a new version of a template")
            .Accepts<PublishTemplate>("application/json")
            .Produces<TemplateInfo>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapGet("", ListAsync).WithSummary("Every template with its latest version").Produces<IReadOnlyList<TemplateSummaryInfo>>();
        group.MapGet("/{templateId}", GetAsync)
            .WithSummary("A template's latest version, or the one asked for")
            .Produces<TemplateInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{templateId}/preview", PreviewAsync).RequireScope(ApiScopes.Read)
            .WithSummary("Render a template for every channel, for a user and data, and name what a send would lack")
            .Accepts<PreviewTemplate>("application/json")
            .Produces<TemplatePreview>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<IResult> PublishAsync(string templateId, HttpContext context, IGrainFactory grains, TemplateRenderer renderer)
    {
        var (publish, problem) = await JsonBody.ReadAsync<PublishTemplate>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!TemplateIdPattern().IsMatch(templateId))
        {
            errors["template_id"] = ["1 to 64 lower-case letters, digits, '.', '_' or '-'."];
        }

        var locales = publish!.Locales ?? new Dictionary<string, TemplateLocale>();
        if (!locales.ContainsKey(TemplateVersion.DefaultLocale))
        {
            errors["locales.default"] = ["Every template has a 'default' locale, which users whose language it lacks receive."];
        }

        if (locales.Count > TemplateLimits.MaxLocales)
        {
            errors["locales"] = [$"At most {TemplateLimits.MaxLocales} locales."];
        }

        foreach (var (locale, content) in locales)
        {
            if (locale != TemplateVersion.DefaultLocale)
            {
                SendValidation.Language(locale, $"locales.{locale}", errors);
            }

            if (content is null || string.IsNullOrWhiteSpace(content.Body))
            {
                errors[$"locales.{locale}.body"] = ["A body is required: every channel falls back to it."];
                continue;
            }

            foreach (var (field, error) in renderer.SyntaxErrors(ToGrain(content)))
            {
                errors[$"locales.{locale}.{field}"] = [$"Not a valid Handlebars template: {error}"];
            }

            if (new[] { content.Body, content.Title, content.Subject, content.Html, content.Text, content.Sms, content.Voice }.Any(f => f?.Length > MaxFieldLength))
            {
                errors[$"locales.{locale}"] = [$"Each field is at most {MaxFieldLength} characters."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (await Templates(grains, context).PublishAsync(templateId, locales.ToDictionary(l => l.Key, l => ToGrain(l.Value))) is not { } version)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["template_id"] = [$"The tenant has {TemplateLimits.MaxTemplates:N0} templates, the most it may have: change one of them instead."] });
        }

        return Results.Created($"/v1/templates/{templateId}?version={version.Version}", ToContract(version));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains) =>
        Results.Ok((await Templates(grains, context).ListAsync()).Select(t => new TemplateSummaryInfo(t.TemplateId, t.LatestVersion, t.Locales, t.PublishedAt)).ToArray());

    private static async Task<IResult> GetAsync(string templateId, int? version, HttpContext context, IGrainFactory grains) =>
        await Templates(grains, context).GetAsync(templateId, version) is { } found
            ? Results.Ok(ToContract(found))
            : Problems.NotFound(version is null ? $"Template '{templateId}'" : $"Version {version} of template '{templateId}'");

    private static async Task<IResult> PreviewAsync(string templateId, HttpContext context, IGrainFactory grains, TemplateRenderer renderer)
    {
        var (preview, problem) = await JsonBody.ReadAsync<PreviewTemplate>(context);
        if (problem is not null)
        {
            return problem;
        }

        if (await Templates(grains, context).GetAsync(templateId, preview!.Version) is not { } version)
        {
            return Problems.NotFound($"Template '{templateId}'");
        }

        var errors = new Dictionary<string, string[]>();
        if (preview.UserId is not null)
        {
            SendValidation.UserId(preview.UserId, "user_id", errors);
        }

        SendValidation.Language(preview.Locale, "locale", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var user = preview.UserId is { } userId ? await grains.GetGrain<IUserGrain>(UserKey.For(TenantFilter.TenantOf(context), userId)).GetAsync() : null;
        var language = preview.Locale ?? user?.Language;
        var (locale, content) = version.For(language);
        var templateContext = TemplateRenderer.Context(preview.UserId ?? "", language, user?.Attributes, preview.Data, cancellationToken: context.RequestAborted);
        Dictionary<string, RenderedContent> channels;
        try
        {
            channels = PreviewChannels.ToDictionary(channel => channel, channel =>
            {
                var rendered = renderer.Render(content, channel, templateContext);
                return new RenderedContent(rendered.Title, rendered.Body, rendered.EmailSubject, rendered.EmailHtml);
            });
        }
        catch (TemplateRenderLimitException tooCostly)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The template costs too much to render with this data.", detail: tooCostly.Message);
        }

        var missing = renderer.Missing(content, PreviewChannels, templateContext)
            .GroupBy(m => m.Variable)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(m => m.Field)));
        return Results.Ok(new TemplatePreview(version.TemplateId, version.Version, locale, channels, missing));
    }

    private static ITemplatesGrain Templates(IGrainFactory grains, HttpContext context) => grains.GetGrain<ITemplatesGrain>(TenantFilter.TenantOf(context));

    private static TemplateContent ToGrain(TemplateLocale locale) =>
        new(locale.Body, locale.Title, locale.Subject, locale.Html, locale.Text, locale.Sms, locale.Voice);

    private static TemplateInfo ToContract(TemplateVersion version) => new(
        version.TemplateId,
        version.Version,
        version.Locales.ToDictionary(l => l.Key, l => new TemplateLocale(l.Value.Body, l.Value.Title, l.Value.Subject, l.Value.Html, l.Value.Text, l.Value.Sms, l.Value.Voice)),
        version.PublishedAt);

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex TemplateIdPattern();
}
