using System.Text.Json;
using System.Text.Json.Nodes;

namespace Notifications.Silo;

/// <summary>
/// Reads a JSON body so that every failure is a problem+json answer naming the field: malformed JSON, a wrong type
/// or enum value, a missing body, a body over the size limit.
/// </summary>
internal static partial class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context) where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be JSON (Content-Type: application/json)."));
        }

        var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitsOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return (null, TooLarge($"The body is {context.Request.ContentLength} bytes; at most {limit} are accepted."));
        }

        try
        {
            var options = context.Json();
            var value = typeof(JsonNode).IsAssignableFrom(typeof(T))
                ? await ReadNodeAsync<T>(context, options)
                : await context.Request.ReadFromJsonAsync<T>(options, context.RequestAborted);
            if (value is null)
            {
                return (null, Problems.Invalid("$", "A JSON object is required."));
            }

            var nulls = new Dictionary<string, string[]>();
            ContractNulls.Find(value, "", options.PropertyNamingPolicy, nulls);
            return nulls.Count > 0 ? (null, Problems.Invalid(nulls)) : (value, null);
        }
        catch (JsonException exception)
        {
            var field = FieldName(exception.Path);
            // A record's reader ends the path at the key given twice; a JsonElement's ends it at the object holding
            // the key, which only its message names.
            if (DuplicateKey().Match(exception.Message) is { Success: true } duplicate && duplicate.Groups["key"].Value is var key
                && field != key && !field.EndsWith($".{key}", StringComparison.Ordinal))
            {
                field = field == "$" ? key : $"{field}.{key}";
            }

            var reason = exception.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "has a value of the wrong type or outside the allowed values."
                : exception.Message.Contains("missing required properties", StringComparison.Ordinal)
                    ? exception.Message
                    : exception.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
                        ? "is given more than once."
                        : "is not valid JSON here.";
            return (null, Problems.Invalid(field, $"'{field}' {reason}"));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(exception.Message));
        }
    }

    /// <summary>
    /// A body read as a JSON node: JsonObject's converter lets a key given twice escape as an ArgumentException (a
    /// 500), while JsonElement's keeps to AllowDuplicateProperties and names the key, so the body is read as that first.
    /// </summary>
    private static async Task<T?> ReadNodeAsync<T>(HttpContext context, JsonSerializerOptions options) where T : class =>
        (await context.Request.ReadFromJsonAsync<JsonElement>(options, context.RequestAborted)).Deserialize<T>(options);

    private static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.", detail: detail);

    /// <summary>Turns a JSON path such as <c>$.notifications[2].priority</c> into <c>notifications[2].priority</c>.</summary>
    private static string FieldName(string? path) => path is null or "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    [System.Text.RegularExpressions.GeneratedRegex("^Duplicate property '(?<key>[^']*)'")]
    private static partial System.Text.RegularExpressions.Regex DuplicateKey();
}
