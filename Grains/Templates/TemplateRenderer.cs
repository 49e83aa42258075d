using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace Notifications.Grains;

/// <summary>
/// Renders a locale's templates for one channel with Handlebars, and finds the variables a send must provide.
/// Variables outside any block are required; inside <c>{{#if}}</c>, <c>{{#each}}</c> and other blocks they may be
/// missing (that is what the block is for), and render as nothing.
/// </summary>
public sealed partial class TemplateRenderer
{
    private const int MaxCompiled = 10_000;

    private readonly IHandlebars _text = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private readonly IHandlebars _html = Handlebars.Create();
    private readonly ConcurrentDictionary<(string Source, bool Html), HandlebarsTemplate<TextWriter, object, object>> _compiled = new();

    /// <summary>Each field's template that does not compile, with Handlebars' reason.</summary>
    public IReadOnlyDictionary<string, string> SyntaxErrors(TemplateContent content)
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, source, html) in Fields(content))
        {
            try
            {
                Compile(source, html);
            }
            catch (HandlebarsException exception)
            {
                errors[field] = exception.Message;
            }
        }

        return errors;
    }

    /// <exception cref="TemplateRenderLimitException">Rendering would cost more than <see cref="RenderBudget"/> allows.</exception>
    public MessageContent Render(TemplateContent content, string channel, TemplateContext context)
    {
        // Each message rendered has the whole budget: a preview renders one per channel.
        context.Budget.Reset();
        string Text(string? source) => source is null ? "" : Run(source, html: false, context).Trim();
        return channel switch
        {
            ChannelNames.Sms => new MessageContent(null, Text(content.Sms ?? content.Body)),
            ChannelNames.Voice => new MessageContent(null, Text(content.Voice ?? content.Sms ?? content.Body)),
            ChannelNames.Email => Email(content, context, Text),
            _ => new MessageContent(content.Title is null ? null : Text(content.Title), Text(content.Body)),
        };
    }

    private MessageContent Email(TemplateContent content, TemplateContext context, Func<string?, string> text)
    {
        var title = content.Title is null ? null : text(content.Title);
        var body = text(content.Text ?? content.Body);
        return new MessageContent(
            title,
            body,
            content.Subject is null ? MessageContent.DefaultSubject(title, body) : text(content.Subject),
            content.Html is null ? null : Run(content.Html, html: true, context));
    }

    private string Run(string source, bool html, TemplateContext context)
    {
        using var output = new BudgetedWriter(context.Budget);
        Compile(source, html)(output, context, null!);
        return output.ToString();
    }

    /// <summary>The required variables (see the class) that <paramref name="context"/> lacks, with the field that uses each.</summary>
    public IReadOnlyList<(string Variable, string Field)> Missing(TemplateContent content, IEnumerable<string> channels, IReadOnlyDictionary<string, object?> context)
    {
        var used = channels.SelectMany(channel => FieldsUsed(content, channel)).ToHashSet();
        var missing = new List<(string, string)>();
        foreach (var (field, source, _) in Fields(content).Where(f => used.Contains(f.Field)))
        {
            var depth = 0;
            foreach (Match tag in TagsOf(source))
            {
                var inner = tag.Groups["inner"].Value.Trim();
                if (inner.Length == 0 || inner[0] is '!' or '>')
                {
                    continue;
                }

                if (inner[0] is '#' or '^')
                {
                    depth++;
                    continue;
                }

                if (inner[0] == '/')
                {
                    depth = Math.Max(0, depth - 1);
                    continue;
                }

                var path = inner.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                if (depth > 0 || path is "else" or "this" or "." || path[0] is '@' or '"' or '\'' || char.IsDigit(path[0]) || inner.Contains(' '))
                {
                    continue;
                }

                if (!Resolves(context, path) && !missing.Contains((path, field)))
                {
                    missing.Add((path, field));
                }
            }
        }

        return missing;
    }

    /// <summary>The context a template sees: <c>user</c> (id, language and attributes), the send's <c>data</c>, and the members of <paramref name="variables"/>.</summary>
    /// <param name="variables">A workflow's <c>payload</c> and a digest's <c>events</c> (<see cref="NotificationRequest.Variables"/>).</param>
    /// <param name="cancellationToken">Ends a render nobody waits for any more (a preview whose caller went away).</param>
    public static TemplateContext Context(string userId, string? language, IReadOnlyDictionary<string, JsonElement>? attributes, IReadOnlyDictionary<string, string>? data, JsonElement? variables = null, CancellationToken cancellationToken = default)
    {
        var budget = new RenderBudget(cancellationToken);
        var user = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes ?? new Dictionary<string, JsonElement>())
        {
            user[name] = Plain(value, budget);
        }

        user["id"] = userId;
        if (language is not null)
        {
            user["language"] = language;
        }

        var context = new TemplateContext(budget);
        if (variables is { ValueKind: JsonValueKind.Object } members)
        {
            foreach (var member in members.EnumerateObject())
            {
                context[member.Name] = Plain(member.Value, budget);
            }
        }

        context["user"] = new BudgetedMap(user, budget);
        context["data"] = new BudgetedMap(data?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal) ?? new Dictionary<string, object?>(), budget);
        return context;
    }

    private HandlebarsTemplate<TextWriter, object, object> Compile(string source, bool html)
    {
        if (_compiled.Count > MaxCompiled)
        {
            _compiled.Clear();
        }

        return _compiled.GetOrAdd((source, html), key =>
        {
            using var reader = new StringReader(key.Source);
            return (key.Html ? _html : _text).Compile(reader);
        });
    }

    private static IEnumerable<(string Field, string Source, bool Html)> Fields(TemplateContent content)
    {
        yield return ("body", content.Body, false);
        foreach (var (field, source) in new[] { ("title", content.Title), ("subject", content.Subject), ("text", content.Text), ("sms", content.Sms), ("voice", content.Voice) })
        {
            if (source is not null)
            {
                yield return (field, source, false);
            }
        }

        if (content.Html is not null)
        {
            yield return ("html", content.Html, true);
        }
    }

    /// <summary>The fields a channel renders, after the same fallbacks as <see cref="Render"/>.</summary>
    private static IEnumerable<string> FieldsUsed(TemplateContent content, string channel) => channel switch
    {
        ChannelNames.Sms => [content.Sms is null ? "body" : "sms"],
        ChannelNames.Voice => [content.Voice is not null ? "voice" : content.Sms is not null ? "sms" : "body"],
        ChannelNames.Email => [
            content.Subject is not null ? "subject" : content.Title is not null ? "title" : "body",
            content.Text is null ? "body" : "text",
            .. content.Html is null ? Array.Empty<string>() : ["html"],
            .. content.Title is null ? Array.Empty<string>() : ["title"]],
        _ => ["title", "body"],
    };

    private static bool Resolves(IReadOnlyDictionary<string, object?> context, string path)
    {
        object? current = context;
        foreach (var part in path.Split('.'))
        {
            if (current is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(part, out current) || current is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="TemplateRenderLimitException">The source takes longer to read than any template should.</exception>
    private static IReadOnlyList<Match> TagsOf(string source)
    {
        try
        {
            var tags = Tag().Matches(source);
            // Matched lazily otherwise, and timed out outside this method.
            _ = tags.Count;
            return tags;
        }
        catch (RegexMatchTimeoutException)
        {
            throw new TemplateRenderLimitException("The template takes too long to read.");
        }
    }

    /// <summary>Attributes as plain values, which Handlebars reads like any object.</summary>
    private static object? Plain(JsonElement value, RenderBudget budget) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => new BudgetedList(value.EnumerateArray().Select(item => Plain(item, budget)).ToArray(), budget),
        JsonValueKind.Object => new BudgetedMap(value.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value, budget), StringComparer.Ordinal), budget),
        _ => null,
    };

    /// <summary>A mustache tag. Templates are the tenant's: the pattern runs without backtracking, under a timeout all the same.</summary>
    [GeneratedRegex(@"\{\{\{?~?(?<inner>[^{}]*?)~?\}?\}\}", RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Tag();
}
