using System.Globalization;
using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>Makes JSON that keeps to a schema of the document: the "valid" bodies and parameters the fuzz starts from.</summary>
public sealed class SchemaValues(ApiDocument document, FieldHints hints)
{
    private const int MaxDepth = 6;

    /// <summary>Strings of every awkward kind, for fields that take any string.</summary>
    private static readonly string[] OddStrings =
    [
        "", " ", "Grüße 👋 日本語", "\u0000\u001f\u007f", "../../etc/passwd", "<script>alert(1)</script>", "{{#each x}}{{/each", "%2F%00",
        "a\r\nInjected: header", "0", "-1", "null", "true", "\ud83d", "9999999999999999999999",
    ];

    private int _optionalInTen = 4;

    private static readonly string[] MapKeys = ["default", "orders", "marketing", "security", "webhook", "log", "inapp", "email", "sms", "en", "plan", "country"];

    /// <summary>
    /// A value that keeps to <paramref name="schema"/>: half the time lean (the required fields and few others), so
    /// that the service's own rules between fields (send_at or send_at_local, channel or channels) let many through
    /// to what lies behind them; half the time rich, with most optional fields.
    /// </summary>
    public JsonNode? Valid(JsonNode? schema, Random random)
    {
        _optionalInTen = random.Next(2) == 0 ? 1 : 5;
        return Make(schema, random, name: null, depth: 0);
    }

    /// <summary>A string that any string schema takes: a plain word mostly, sometimes an odd or a long one.</summary>
    public static string AnyString(Random random) => random.Next(10) switch
    {
        < 5 => Word(random),
        < 8 => OddStrings[random.Next(OddStrings.Length)],
        8 => new string('x', random.Next(100, 400)),
        _ => new string('y', random.Next(2_000, 20_000)),
    };

    public static string Word(Random random)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz0123456789-_";
        return string.Create(random.Next(1, 13), random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = letters[r.Next(letters.Length)];
            }
        });
    }

    private JsonNode? Make(JsonNode? schemaNode, Random random, string? name, int depth)
    {
        var schema = document.Resolve(schemaNode);
        if (schema is null)
        {
            return AnyJson(random, depth);
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices && choices.Count > 0)
        {
            // Mostly the value, now and then the null that nullable fields are made of.
            var nonNull = choices.Where(c => document.Resolve(c)?["type"]?.GetValue<string>() != "null").ToList();
            var choice = nonNull.Count > 0 && random.Next(10) > 0 ? nonNull[random.Next(nonNull.Count)] : choices[random.Next(choices.Count)];
            return Make(choice, random, name, depth);
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[random.Next(values.Count)]?.DeepClone();
        }

        var types = Types(schema);
        if (types.Count == 0)
        {
            return AnyJson(random, depth);
        }

        if (types.Contains("null") && (types.Count == 1 || random.Next(10) == 0))
        {
            return null;
        }

        if (name is not null && types.Contains("string") && random.Next(10) < 9 && hints.TryGet(name, random, out var hinted) && Fits(hinted, types))
        {
            return hinted;
        }

        if (name is not null && types.Contains("array") && random.Next(10) < 7 && hints.TryGet(name, random, out var hintedList) && hintedList is JsonArray)
        {
            return hintedList;
        }

        var nonNullTypes = types.Where(t => t != "null").ToList();
        // A numeric schema of ASP.NET Core also allows its number as a string: a number is what a client sends.
        var type = nonNullTypes.Contains("integer") ? "integer" : nonNullTypes.Contains("number") ? "number" : nonNullTypes[random.Next(nonNullTypes.Count)];
        return type switch
        {
            "object" => MakeObject(schema, random, depth),
            "array" => depth >= MaxDepth ? new JsonArray() : new JsonArray(Enumerable.Range(0, random.Next(4) == 0 ? 0 : random.Next(1, 4)).Select(_ => Make(schema["items"], random, name, depth + 1)).ToArray()),
            "string" => MakeString(schema, random),
            "integer" => random.Next(10) switch
            {
                0 => int.MaxValue,
                1 => 0,
                _ => random.Next(1, 120),
            },
            "number" => Math.Round(random.NextDouble() * 100, 3),
            "boolean" => random.Next(2) == 0,
            _ => AnyJson(random, depth),
        };
    }

    private JsonObject MakeObject(JsonNode schema, Random random, int depth)
    {
        var made = new JsonObject();
        var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (property, propertySchema) in schema["properties"] as JsonObject ?? [])
        {
            if (required.Contains(property) || random.Next(10) < _optionalInTen)
            {
                made[property] = depth >= MaxDepth ? null : Make(propertySchema, random, property, depth + 1);
            }
        }

        if (schema["additionalProperties"] is JsonObject additional && depth < MaxDepth)
        {
            // A map of locales wants its "default" one.
            if (random.Next(2) == 0)
            {
                made["default"] = Make(additional, random, name: null, depth + 1);
            }

            for (var i = random.Next(0, 4); i > 0; i--)
            {
                made[MapKeys[random.Next(MapKeys.Length)]] = Make(additional, random, name: null, depth + 1);
            }
        }
        else if (schema["properties"] is null && depth < MaxDepth)
        {
            // A free-form object (attributes, metadata): a few scalar pairs.
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                made[MapKeys[random.Next(MapKeys.Length)]] = Scalar(random);
            }
        }

        return made;
    }

    private static JsonNode MakeString(JsonNode schema, Random random) => schema["format"]?.GetValue<string>() switch
    {
        "date-time" => DateTimeOffset.UtcNow.AddMinutes(random.Next(-60, 60 * 24 * 30)).ToString("O", CultureInfo.InvariantCulture),
        "uuid" => Guid.NewGuid().ToString(),
        _ => AnyString(random),
    };

    private static JsonNode? AnyJson(Random random, int depth) => random.Next(6) switch
    {
        0 => null,
        1 when depth < MaxDepth => new JsonArray(Scalar(random), Scalar(random)),
        2 => Scalar(random),
        _ => new JsonObject { [MapKeys[random.Next(MapKeys.Length)]] = Scalar(random), ["nested"] = new JsonObject { ["n"] = random.Next(100) } },
    };

    private static JsonNode Scalar(Random random) => random.Next(3) switch
    {
        0 => Word(random),
        1 => random.Next(1000),
        _ => random.Next(2) == 0,
    };

    private static List<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue single => [single.GetValue<string>()],
        _ => schema["properties"] is not null ? ["object"] : [],
    };

    private static bool Fits(JsonNode? value, List<string> types) =>
        value is JsonValue scalar && scalar.GetValueKind() == System.Text.Json.JsonValueKind.String && types.Contains("string");
}
