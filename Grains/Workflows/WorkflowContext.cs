using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Notifications.Grains;

/// <summary>What a workflow's conditions and templates see of a run: the same for a run and for its dry run.</summary>
public static partial class WorkflowContext
{
    /// <summary>The step ids a condition names (<c>steps.&lt;id&gt;.opened</c>).</summary>
    public static IReadOnlySet<string> StepsNamed(string condition) =>
        StepNames().Matches(condition).Select(m => m.Groups["step"].Value).ToHashSet(StringComparer.Ordinal);

    public static bool NamesUser(string condition) => UserName().IsMatch(condition);

    /// <param name="user">The user's attributes and id, when the condition names <c>user</c>.</param>
    /// <param name="steps">What became of the sends the condition names, by step id.</param>
    public static bool Holds(string condition, WorkflowEvent workflowEvent, int digestCount, JsonObject? user, JsonObject steps)
    {
        var context = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["payload"] = workflowEvent.Payload,
            ["event"] = JsonSerializer.SerializeToElement(new { id = workflowEvent.EventId, name = workflowEvent.Name }),
            ["digest"] = JsonSerializer.SerializeToElement(new { count = digestCount }),
            ["steps"] = JsonSerializer.SerializeToElement(steps),
        };
        if (user is not null)
        {
            context["user"] = JsonSerializer.SerializeToElement(user);
        }

        return AttributeFilter.Parse(condition).Matches(context);
    }

    public static JsonObject User(string userId, IReadOnlyDictionary<string, JsonElement>? attributes)
    {
        var user = new JsonObject();
        foreach (var (name, value) in attributes ?? new Dictionary<string, JsonElement>())
        {
            user[name] = JsonNode.Parse(value.GetRawText());
        }

        user["id"] = userId;
        return user;
    }

    /// <summary>What became of a send, as a condition reads it under <c>steps.&lt;id&gt;</c>.</summary>
    public static JsonObject Outcome(string status, string? channel, bool delivered, bool opened, bool clicked, bool failed) => new()
    {
        ["status"] = status,
        ["channel"] = channel,
        ["delivered"] = delivered,
        ["opened"] = opened,
        ["clicked"] = clicked,
        ["failed"] = failed,
    };

    /// <summary>What the templates of a run's sends see beside <c>user</c> and <c>data</c>.</summary>
    public static JsonElement Variables(WorkflowEvent workflowEvent, string runId, DigestContents? digest)
    {
        var variables = new JsonObject
        {
            ["payload"] = JsonNode.Parse(workflowEvent.Payload.GetRawText()),
            ["event"] = new JsonObject { ["id"] = workflowEvent.EventId, ["name"] = workflowEvent.Name },
            ["run_id"] = runId,
        };
        if (digest is not null)
        {
            variables["events"] = new JsonArray([.. digest.Events.Select(e => JsonNode.Parse(e.GetRawText()))]);
            variables["events_count"] = digest.Count;
        }

        return JsonSerializer.SerializeToElement(variables);
    }

    /// <summary>The value at a dotted path into the payload (<c>payload.due_at</c>, or <c>due_at</c>).</summary>
    public static JsonElement? PayloadValue(JsonElement payload, string path)
    {
        var segments = path.Split('.');
        var value = payload;
        foreach (var segment in segments.AsSpan(segments[0] == "payload" ? 1 : 0))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                return null;
            }
        }

        return value;
    }

    public static DateTimeOffset? PayloadInstant(JsonElement payload, string path) =>
        PayloadValue(payload, path) is { ValueKind: JsonValueKind.String } value
        && DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : null;

    /// <summary>A digest's key: its <c>{{payload.x}}</c> tags replaced by what the payload holds there.</summary>
    public static string DigestKey(string template, JsonElement payload) => KeyTag().Replace(template, match =>
        PayloadValue(payload, match.Groups["path"].Value) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "");

    [GeneratedRegex(@"(?<![A-Za-z0-9_.-])steps\.(?<step>[A-Za-z0-9_-]+)")]
    private static partial Regex StepNames();

    [GeneratedRegex(@"(^|[^A-Za-z0-9_.-])user(\.|\s|$)")]
    private static partial Regex UserName();

    [GeneratedRegex(@"\{\{\s*(?<path>payload(\.[A-Za-z0-9_-]+)+)\s*\}\}")]
    private static partial Regex KeyTag();
}
