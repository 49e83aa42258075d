using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// Makes the requests for an operation: path parameters that are real ids or made up, query parameters that keep to
/// their schema or not, an Idempotency-Key now and then, a broken Authorization sometimes, and a body that keeps to the
/// request schema half the time and breaks it the other half.
/// </summary>
public sealed class FuzzRequests(SchemaValues values, RealResources real, string apiKey)
{
    /// <summary>A few keys used again and again, so that repeats with the same and with other bodies happen.</summary>
    private static readonly string[] IdempotencyKeys = ["fuzz-key-1", "fuzz-key-2", "", " ", new string('k', 300), "ünïcode-ключ", "a\tb"];

    private static readonly string[] BrokenAuthorizations =
    [
        "Bearer", "Bearer ", "Bearer wrong-key-0123456789abcdef", "Basic !!!not-base64!!!", "Basic " + Convert.ToBase64String("user:wrong"u8.ToArray()),
        "Digest username=x", new string('B', 5_000), "Bearer " + new string('k', 10_000),
    ];

    public FuzzRequest Make(ApiOperation operation, Random random)
    {
        var path = operation.PathTemplate;
        var query = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var parameter in operation.Parameters)
        {
            switch (parameter.In)
            {
                case "path":
                    path = path.Replace($"{{{parameter.Name}}}", Uri.EscapeDataString(PathValue(operation, parameter, random)), StringComparison.Ordinal);
                    break;
                case "query" when parameter.Required || random.Next(10) < 6:
                    query.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(QueryValue(parameter, random))}");
                    break;
                case "header" when parameter.Required || random.Next(2) == 0:
                    headers.Add(new(parameter.Name, SchemaValues.AnyString(random)));
                    break;
            }
        }

        if (random.Next(10) == 0)
        {
            // A parameter the operation does not take.
            query.Add($"unexpected={Uri.EscapeDataString(SchemaValues.AnyString(random))}");
        }

        headers.Add(new("Authorization", random.Next(12) == 0 ? BrokenAuthorizations[random.Next(BrokenAuthorizations.Length)] : $"Bearer {apiKey}"));
        if (operation.Method == "POST" && random.Next(3) == 0)
        {
            headers.Add(new("Idempotency-Key", IdempotencyKeys[random.Next(IdempotencyKeys.Length)]));
        }

        var target = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        return new FuzzRequest(operation.Method, target, headers, Body(operation, random));
    }

    private FuzzBody? Body(ApiOperation operation, Random random)
    {
        if (operation.RequestSchema is null)
        {
            // Nothing documented: mostly nothing sent, sometimes something the operation must cope with all the same.
            return operation.Method is "GET" or "DELETE" || random.Next(3) > 0 ? null : BodyMutations.Mutate(new JsonObject { ["anything"] = SchemaValues.Word(random) }, random);
        }

        var valid = values.Valid(operation.RequestSchema, random);
        return random.Next(2) == 0 ? new FuzzBody(valid?.ToJsonString() ?? "null", "application/json", "valid") : BodyMutations.Mutate(valid, random);
    }

    private string PathValue(ApiOperation operation, ApiParameter parameter, Random random)
    {
        var known = real.ForPathParameter(operation.PathTemplate, parameter.Name);
        if (known.Count > 0 && random.Next(10) < 7)
        {
            return known[random.Next(known.Count)];
        }

        var madeUp = random.Next(4) switch
        {
            0 => Guid.NewGuid().ToString("N"),
            1 => Guid.CreateVersion7().ToString(),
            _ => SchemaValues.AnyString(random),
        };
        // A NUL in a path never reaches the application (Kestrel refuses the request line; the in-process test
        // server throws), and an empty segment is another route.
        return madeUp.Replace("\0", "", StringComparison.Ordinal) is { Length: > 0 } value ? value : "x";
    }

    private string QueryValue(ApiParameter parameter, Random random) => random.Next(10) switch
    {
        < 6 => values.Valid(parameter.Schema, random) switch
        {
            JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
            null => "",
            var other => other.ToJsonString(),
        },
        6 => "-1",
        7 => "99999999999999999999",
        _ => SchemaValues.AnyString(random),
    };
}
