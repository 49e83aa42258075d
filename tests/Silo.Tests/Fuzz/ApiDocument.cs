using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// The silo's own OpenAPI 3.1 document: its operations, and its schemas as JSON Schema 2020-12 (which 3.1 uses) so
/// that an answer is checked against exactly what the document promises, <c>oneOf</c> meaning exactly one.
/// </summary>
public sealed class ApiDocument
{
    private const string ComponentsPrefix = "#/components/schemas/";

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    private readonly JsonObject _document;

    private readonly JsonNode _definitions;

    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    public ApiDocument(JsonObject document)
    {
        _document = document;
        // The schemas move under $defs, where a JSON Schema evaluator looks for what "$ref" names.
        _definitions = JsonNode.Parse(document["components"]?["schemas"]?.ToJsonString().Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal) ?? "{}")!;
        Operations = ReadOperations();
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    /// <summary>Follows <c>$ref</c> to the schema it names.</summary>
    public JsonNode? Resolve(JsonNode? schema)
    {
        while (schema?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
        {
            schema = _document["components"]?["schemas"]?[reference[ComponentsPrefix.Length..]];
        }

        return schema;
    }

    /// <summary>The schema the document gives for an answer's status and media type, if it gives one.</summary>
    public static JsonNode? ResponseSchema(ApiOperation operation, int status, string mediaType) =>
        operation.Responses[status.ToString(CultureInfo.InvariantCulture)]?["content"]?[mediaType]?["schema"];

    public static bool Documents(ApiOperation operation, int status) =>
        operation.Responses.ContainsKey(status.ToString(CultureInfo.InvariantCulture));

    /// <summary>Where <paramref name="body"/> breaks <paramref name="schema"/>; empty when it keeps to it.</summary>
    public IReadOnlyList<string> Violations(JsonNode schema, JsonElement body)
    {
        var text = schema.ToJsonString();
        var compiled = _compiled.GetOrAdd(text, _ =>
        {
            // $schema and $id first: the evaluator reads the base URI that "$ref" resolves against before the rest.
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = $"https://fuzz.notifications.test/schemas/{Guid.NewGuid():N}",
                ["$defs"] = _definitions.DeepClone(),
            };
            foreach (var (keyword, value) in JsonNode.Parse(text.Replace(ComponentsPrefix, "#/$defs/", StringComparison.Ordinal))!.AsObject())
            {
                root[keyword] = value?.DeepClone();
            }

            return JsonSchema.FromText(root.ToJsonString());
        });
        var violations = new List<string>();
        Collect(compiled.Evaluate(body, Evaluation), violations);
        return violations;
    }

    /// <summary>The deepest failing places: there the evaluator says what failed (or, for a <c>oneOf</c> that more than one choice matched, only where).</summary>
    private static void Collect(EvaluationResults results, List<string> violations)
    {
        if (results.IsValid)
        {
            return;
        }

        var failingChildren = results.Details?.Where(d => !d.IsValid).ToList() ?? [];
        foreach (var child in failingChildren)
        {
            Collect(child, violations);
        }

        if (results.Errors is { Count: > 0 } errors)
        {
            violations.AddRange(errors.Select(e => $"{Location(results)} {e.Key}: {e.Value}"));
        }
        else if (failingChildren.Count == 0)
        {
            violations.Add($"{Location(results)}: fails (a oneOf that more than one choice matches, or a choice that none does)");
        }
    }

    private static string Location(EvaluationResults results) =>
        $"at '{(results.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}' (schema {results.EvaluationPath})";

    private List<ApiOperation> ReadOperations()
    {
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in _document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method == "parameters" || operation is not JsonObject)
                {
                    continue;
                }

                var parameters = (operation["parameters"] as JsonArray ?? [])
                    .Concat(item["parameters"] as JsonArray ?? [])
                    .Select(p => Resolve(p)!)
                    .Select(p => new ApiParameter(p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() == true, p["schema"]))
                    .ToList();
                var requestSchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path, parameters, requestSchema, operation["responses"] as JsonObject ?? []));
            }
        }

        return operations;
    }
}
