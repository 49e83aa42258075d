using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Notifications.Testing;

/// <summary>
/// Checks requests and responses against an operation of a provider's OpenAPI document (3.0 or 3.1): path
/// parameters, form or JSON bodies (types, required, formats, patterns, lengths, enums, references), and the status
/// codes and bodies the provider documents. Unknown request properties count as violations: a real provider ignores
/// or refuses them, and either way they are a bug of ours.
/// </summary>
public sealed partial class OpenApiContract
{
    private readonly JsonNode _document;

    private OpenApiContract(JsonNode document) => _document = document;

    /// <param name="fileName">A file of tests/Shared/Providers/Specs, copied from the providers' published specs.</param>
    public static OpenApiContract Load(string fileName) =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Specs", fileName)))!);

    public IReadOnlyList<string> CheckFormRequest(string method, string pathTemplate, IReadOnlyDictionary<string, string> pathValues, IReadOnlyDictionary<string, string[]> form)
    {
        var errors = new List<string>();
        var operation = Operation(method, pathTemplate, errors);
        if (operation is null)
        {
            return errors;
        }

        CheckPathParameters(operation, pathValues, errors);
        var schema = Resolve(RequestBody(operation)?["content"]?["application/x-www-form-urlencoded"]?["schema"]);
        if (schema is null)
        {
            errors.Add($"{method} {pathTemplate} takes no form body.");
            return errors;
        }

        var properties = schema["properties"]?.AsObject();
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!form.ContainsKey(required))
            {
                errors.Add($"Form field {required} is required.");
            }
        }

        foreach (var (name, values) in form)
        {
            if (properties?[name] is not { } property)
            {
                errors.Add($"Form field {name} is not in the spec.");
                continue;
            }

            var propertySchema = Resolve(property)!;
            if (propertySchema["type"]?.GetValue<string>() == "array")
            {
                foreach (var value in values)
                {
                    CheckScalar(Resolve(propertySchema["items"])!, value, name, errors);
                }
            }
            else if (values.Length != 1)
            {
                errors.Add($"Form field {name} is given {values.Length} times.");
            }
            else
            {
                CheckScalar(propertySchema, values[0], name, errors);
            }
        }

        return errors;
    }

    public IReadOnlyList<string> CheckJsonRequest(string method, string pathTemplate, JsonNode? body)
    {
        var errors = new List<string>();
        if (Operation(method, pathTemplate, errors) is not { } operation)
        {
            return errors;
        }

        var schema = RequestBody(operation)?["content"]?["application/json"]?["schema"];
        if (schema is null)
        {
            errors.Add($"{method} {pathTemplate} takes no JSON body.");
            return errors;
        }

        Check(schema, body, "$", strict: true, errors);
        return errors;
    }

    /// <summary>Checks that a status is one the operation documents, and its JSON body (if any) against the documented schema.</summary>
    public IReadOnlyList<string> CheckResponse(string method, string pathTemplate, int status, JsonNode? body)
    {
        var errors = new List<string>();
        if (Operation(method, pathTemplate, errors) is not { } operation)
        {
            return errors;
        }

        var response = Resolve(operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)] ?? operation["responses"]?["default"]);
        if (response is null)
        {
            errors.Add($"{method} {pathTemplate} does not document status {status}.");
            return errors;
        }

        if (response["content"]?["application/json"]?["schema"] is { } schema && body is not null)
        {
            Check(schema, body, "$", strict: false, errors);
        }

        return errors;
    }

    private JsonNode? Operation(string method, string pathTemplate, List<string> errors)
    {
        var operation = _document["paths"]?[pathTemplate]?[method.ToLowerInvariant()];
        if (operation is null)
        {
            errors.Add($"The spec has no {method} {pathTemplate}.");
        }

        return operation;
    }

    private JsonNode? RequestBody(JsonNode operation) => Resolve(operation["requestBody"]);

    private void CheckPathParameters(JsonNode operation, IReadOnlyDictionary<string, string> values, List<string> errors)
    {
        foreach (var parameter in operation["parameters"]?.AsArray().Select(Resolve).OfType<JsonNode>() ?? [])
        {
            if (parameter["in"]?.GetValue<string>() != "path")
            {
                continue;
            }

            var name = parameter["name"]!.GetValue<string>();
            if (!values.TryGetValue(name, out var value))
            {
                errors.Add($"Path parameter {name} is missing.");
            }
            else if (parameter["schema"] is { } schema)
            {
                CheckScalar(Resolve(schema)!, value, name, errors);
            }
        }
    }

    /// <summary>A form or path value: a string that must read as the schema's type.</summary>
    private void CheckScalar(JsonNode schema, string value, string at, List<string> errors)
    {
        JsonNode? typed = TypeOf(schema) switch
        {
            "integer" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            "number" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            "boolean" when value is "true" or "false" => JsonValue.Create(value == "true"),
            "integer" or "number" or "boolean" => null,
            _ => JsonValue.Create(value),
        };
        if (typed is null)
        {
            errors.Add($"{at}: '{value}' is not a {TypeOf(schema)}.");
            return;
        }

        Check(schema, typed, at, strict: true, errors);
    }

    private void Check(JsonNode schemaNode, JsonNode? value, string at, bool strict, List<string> errors)
    {
        var schema = Resolve(schemaNode)!;
        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf)
            {
                Check(part!, value, at, strict: false, errors);
            }
        }

        foreach (var keyword in (string[])["oneOf", "anyOf"])
        {
            if (schema[keyword] is JsonArray choices && !choices.Any(choice =>
                {
                    var trial = new List<string>();
                    Check(choice!, value, at, strict, trial);
                    return trial.Count == 0;
                }))
            {
                errors.Add($"{at}: matches none of the {keyword} choices.");
            }
        }

        if (value is null)
        {
            if (!IsNullable(schema))
            {
                errors.Add($"{at}: null is not allowed.");
            }

            return;
        }

        var type = TypeOf(schema);
        var kind = value.GetValueKind();
        var typeOk = type switch
        {
            null => true,
            "string" => kind == JsonValueKind.String,
            "integer" => kind == JsonValueKind.Number && value.GetValue<double>() % 1 == 0,
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            "object" => kind == JsonValueKind.Object,
            _ => true,
        };
        if (!typeOk)
        {
            errors.Add($"{at}: a {kind} where the spec wants {type}.");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}.");
        }

        switch (kind)
        {
            case JsonValueKind.String:
                CheckString(schema, value.GetValue<string>(), at, errors);
                break;
            case JsonValueKind.Number:
                var number = value.GetValue<double>();
                if (schema["minimum"] is { } minimum && number < minimum.GetValue<double>() || schema["maximum"] is { } maximum && number > maximum.GetValue<double>())
                {
                    errors.Add($"{at}: {number} is out of range.");
                }

                break;
            case JsonValueKind.Array:
                var items = value.AsArray();
                if (schema["minItems"] is { } minItems && items.Count < minItems.GetValue<int>() || schema["maxItems"] is { } maxItems && items.Count > maxItems.GetValue<int>())
                {
                    errors.Add($"{at}: {items.Count} items is out of range.");
                }

                if (schema["items"] is { } itemSchema)
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        Check(itemSchema, items[i], $"{at}[{i}]", strict, errors);
                    }
                }

                break;
            case JsonValueKind.Object:
                CheckObject(schema, value.AsObject(), at, strict, errors);
                break;
        }
    }

    private void CheckObject(JsonNode schema, JsonObject value, string at, bool strict, List<string> errors)
    {
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!value.ContainsKey(required))
            {
                errors.Add($"{at}.{required} is required.");
            }
        }

        var properties = schema["properties"]?.AsObject();
        var additional = schema["additionalProperties"];
        foreach (var (name, child) in value)
        {
            if (properties?[name] is { } property)
            {
                Check(property, child, $"{at}.{name}", strict, errors);
            }
            else if (additional is JsonObject additionalSchema)
            {
                Check(additionalSchema, child, $"{at}.{name}", strict, errors);
            }
            else if (properties is not null && (additional?.GetValueKind() == JsonValueKind.False || strict))
            {
                errors.Add($"{at}.{name} is not in the spec.");
            }
        }
    }

    private static void CheckString(JsonNode schema, string text, string at, List<string> errors)
    {
        if (schema["minLength"] is { } minLength && text.Length < minLength.GetValue<int>() || schema["maxLength"] is { } maxLength && text.Length > maxLength.GetValue<int>())
        {
            errors.Add($"{at}: '{text}' has a length out of range.");
        }

        if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
        {
            errors.Add($"{at}: '{text}' does not match {pattern.GetValue<string>()}.");
        }

        var ignoreFormat = schema["x-twilio"]?["ignoreFormat"]?.GetValue<bool>() == true;
        var formatOk = ignoreFormat || schema["format"]?.GetValue<string>() switch
        {
            "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
            "email" => System.Net.Mail.MailAddress.TryCreate(text, out _),
            "phone-number" => PhoneNumber().IsMatch(text),
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        if (!formatOk)
        {
            errors.Add($"{at}: '{text}' is not a valid {schema["format"]}.");
        }
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        { } type => type.GetValue<string>(),
        _ => null,
    };

    private static bool IsNullable(JsonNode schema) =>
        schema["nullable"]?.GetValue<bool>() == true || schema["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null") || TypeOf(schema) is null;

    private JsonNode? Resolve(JsonNode? node)
    {
        while (node?["$ref"] is { } reference)
        {
            var path = reference.GetValue<string>().TrimStart('#', '/').Split('/');
            node = path.Aggregate<string, JsonNode?>(_document, (current, part) => current?[part.Replace("~1", "/").Replace("~0", "~")]);
        }

        return node;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhoneNumber();
}
