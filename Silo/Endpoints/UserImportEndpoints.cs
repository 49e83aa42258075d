using Microsoft.Extensions.Options;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Creates or updates users from a stream: NDJSON (one PUT /v1/users body per line, with <c>user_id</c>) or CSV
/// (<c>user_id</c>, <c>email</c>, <c>phone</c>, <c>language</c>, <c>time_zone</c>, any other column an attribute).
/// Read line by line and stored a few dozen at a time, so a million users never sit in memory at once.
/// </summary>
internal static class UserImportEndpoints
{
    private const int MaxReportedErrors = 100;
    private const int Concurrency = 32;
    private static readonly string[] CsvFields = ["user_id", "email", "phone", "language", "time_zone"];

    public static RouteGroupBuilder MapUserImportEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/users/import", ImportAsync)
            .WithMetadata(StreamedBody.Instance)
            .WithTags("Users")
            .WithSummary("Create or update users from NDJSON (application/x-ndjson) or CSV (text/csv), streamed")
            .Produces<ImportResult>()
            .ProducesValidationProblem();
        return v1;
    }

    private static async Task<IResult> ImportAsync(HttpContext context, IGrainFactory grains)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/x-ndjson" or "application/jsonl" or "text/csv"))
        {
            return Problems.Invalid("content-type", "application/x-ndjson (one user per line) or text/csv.");
        }

        // An import is as long as the user base, up to a limit of its own; each line is bounded by the reader below.
        var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = limits.MaxImportBytes;
        }

        var tenant = TenantFilter.TenantOf(context);
        var outbound = context.RequestServices.GetRequiredService<IOptionsMonitor<OutboundOptions>>().CurrentValue;
        var json = context.Json();
        var errors = new List<ImportLineError>();
        long imported = 0, failed = 0;
        var bodyLines = BodyLines.ReadAsync(context.Request.BodyReader, limits.MaxImportLineBytes, limits.MaxImportBytes, context.RequestAborted);
        var lines = mediaType == "text/csv" ? ReadCsvAsync(bodyLines, limits.MaxImportLineBytes) : ReadNdjsonAsync(bodyLines, json, limits.MaxImportLineBytes);
        try
        {
            await Parallel.ForEachAsync(lines, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = context.RequestAborted }, async (line, _) =>
            {
                var lineErrors = line.Errors ?? new Dictionary<string, string[]>();
                if (line.Update is { } update)
                {
                    SendValidation.UserId(line.UserId, "user_id", lineErrors);
                    UserEndpoints.ValidateUpdate(update, "", outbound, lineErrors);
                }

                if (lineErrors.Count == 0 && line.Update is not null)
                {
                    try
                    {
                        await grains.GetGrain<IUserGrain>(UserKey.For(tenant, line.UserId!)).ImportAsync(UserEndpoints.ToGrain(line.Update));
                        Interlocked.Increment(ref imported);
                        return;
                    }
                    catch (UserLimitException limit)
                    {
                        lineErrors[limit.Field] = [limit.Message];
                    }
                }

                Interlocked.Increment(ref failed);
                lock (errors)
                {
                    if (errors.Count < MaxReportedErrors)
                    {
                        errors.Add(new ImportLineError(line.Number, line.UserId, lineErrors));
                    }
                }
            });
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The import is larger than this service takes at once.",
                detail: $"It stopped at {limits.MaxImportBytes} bytes, after {Interlocked.Read(ref imported)} users were imported and {Interlocked.Read(ref failed)} lines refused: send the rest as another import.");
        }

        return Results.Ok(new ImportResult(imported, failed, errors.OrderBy(e => e.Line).ToArray()));
    }

    private static async IAsyncEnumerable<ImportLine> ReadNdjsonAsync(IAsyncEnumerable<BodyLine> lines, JsonSerializerOptions json, int maxLineBytes)
    {
        await foreach (var (number, text) in lines)
        {
            if (text is null)
            {
                yield return TooLong(number, maxLineBytes);
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            ImportLine line;
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    line = new ImportLine(number, null, null, new Dictionary<string, string[]> { ["$"] = ["Each line is one JSON object."] });
                }
                else
                {
                    var userId = document.RootElement.TryGetProperty("user_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                    var update = document.RootElement.Deserialize<UpdateUser>(json)!;
                    var nulls = new Dictionary<string, string[]>();
                    ContractNulls.Find(update, "", json.PropertyNamingPolicy, nulls);
                    line = new ImportLine(number, userId, nulls.Count == 0 ? update : null, nulls.Count == 0 ? null : nulls);
                }
            }
            catch (JsonException exception)
            {
                line = new ImportLine(number, null, null, new Dictionary<string, string[]> { ["$"] = [$"Not a JSON object: {exception.Message}"] });
            }

            yield return line;
        }
    }

    private static async IAsyncEnumerable<ImportLine> ReadCsvAsync(IAsyncEnumerable<BodyLine> lines, int maxLineBytes)
    {
        string[]? header = null;
        await foreach (var (number, text) in lines)
        {
            if (text is null && header is null)
            {
                // Without its header no row can be read.
                yield return new ImportLine(number, null, null, new Dictionary<string, string[]> { ["$"] = [$"The header is longer than {maxLineBytes} bytes: nothing was imported."] });
                yield break;
            }

            if (text is null)
            {
                yield return TooLong(number, maxLineBytes);
                continue;
            }

            if (header is null)
            {
                header = Csv.Split(text).Select(h => h.Trim()).ToArray();
                if (header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    // No row can be read without knowing which of the two a value is.
                    yield return new ImportLine(number, null, null, new Dictionary<string, string[]> { ["$"] = [$"The column '{twice.Key}' is named twice: nothing was imported."] });
                    yield break;
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var values = Csv.Split(text);
            if (values.Count != header.Length)
            {
                yield return new ImportLine(number, null, null, new Dictionary<string, string[]> { ["$"] = [$"{values.Count} values for {header.Length} columns."] });
                continue;
            }

            var row = header.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.OrdinalIgnoreCase);
            var attributes = row.Where(c => !CsvFields.Contains(c.Key, StringComparer.OrdinalIgnoreCase) && c.Value.Length > 0)
                .ToDictionary(c => c.Key, c => JsonSerializer.SerializeToElement(c.Value));
            var update = new UpdateUser(
                Empty(row.GetValueOrDefault("language")),
                TimeZone: Empty(row.GetValueOrDefault("time_zone")),
                Email: Empty(row.GetValueOrDefault("email")),
                Phone: Empty(row.GetValueOrDefault("phone")),
                Attributes: attributes.Count > 0 ? attributes : null);
            yield return new ImportLine(number, row.GetValueOrDefault("user_id"), update, null);
        }
    }

    private static ImportLine TooLong(long number, int maxLineBytes) =>
        new(number, null, null, new Dictionary<string, string[]> { ["$"] = [$"Longer than {maxLineBytes} bytes: skipped."] });

    /// <summary>An empty CSV cell leaves the field as it is.</summary>
    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed record ImportLine(long Number, string? UserId, UpdateUser? Update, Dictionary<string, string[]>? Errors);
}
