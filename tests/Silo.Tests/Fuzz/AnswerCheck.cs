using System.Text.Json;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// What every answer must be: never a 5xx; a 4xx is a problem+json whose status is the answer's, and a 400 names
/// the fields at fault; a success is one the document lists; and a body the document describes keeps to its schema.
/// </summary>
public static class AnswerCheck
{
    private const string Problem = "application/problem+json";

    public static IReadOnlyList<string> Violations(ApiDocument document, ApiOperation operation, FuzzAnswer answer)
    {
        var violations = new List<string>();
        if (answer.Status >= 500)
        {
            violations.Add($"a server error {answer.Status}");
            return violations;
        }

        JsonElement? body = null;
        if (answer.MediaType is "application/json" or Problem)
        {
            try
            {
                body = JsonDocument.Parse(answer.Body).RootElement.Clone();
            }
            catch (JsonException exception)
            {
                violations.Add($"a body that says it is {answer.MediaType} but is not JSON: {exception.Message}");
                return violations;
            }
        }

        if (answer.Status >= 400)
        {
            CheckProblem(answer, body, violations);
        }
        else if (!ApiDocument.Documents(operation, answer.Status))
        {
            violations.Add($"a success status {answer.Status} the document does not list for {operation.Name}");
        }

        if (ApiDocument.Documents(operation, answer.Status) && answer.MediaType is { } mediaType && body is { } json)
        {
            if (ApiDocument.ResponseSchema(operation, answer.Status, mediaType) is { } schema)
            {
                violations.AddRange(document.Violations(schema, json).Select(v => $"the body breaks the documented schema {v}"));
            }
            else if (answer.Status < 400)
            {
                violations.Add($"a {mediaType} body where the document describes none for {answer.Status}");
            }
        }

        return violations;
    }

    private static void CheckProblem(FuzzAnswer answer, JsonElement? body, List<string> violations)
    {
        if (answer.MediaType != Problem || body is not { ValueKind: JsonValueKind.Object } problem)
        {
            violations.Add($"a {answer.Status} that is not {Problem}");
            return;
        }

        if (problem.TryGetProperty("status", out var status) && (status.ValueKind != JsonValueKind.Number || status.GetInt32() != answer.Status))
        {
            violations.Add($"a problem whose status {status} is not the answer's {answer.Status}");
        }

        if (answer.Status == 400 && !(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any()))
        {
            violations.Add("a 400 that does not name the fields at fault (errors)");
        }
    }
}
