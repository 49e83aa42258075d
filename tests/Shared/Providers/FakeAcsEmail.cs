using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing;

/// <summary>
/// Azure Communication Services Email on loopback: it checks each request's HMAC signature against the Host it
/// received, the content hash and the date, takes a send as a long-running operation (202, Operation-Location,
/// retry-after), reports it Running once and then Succeeded, or Failed with EmailDropped for a dropped recipient.
/// The same Operation-Id is the same operation, as at ACS.
/// </summary>
public sealed class FakeAcsEmail : LoopbackServer
{
    public const string DroppedRecipient = "dropped@example.org";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string To, int Polls)> _operations = new();

    public string Endpoint => BaseUrl;

    public string ConnectionString => $"endpoint={Endpoint}/;accesskey={Convert.ToBase64String(_key)}";

    /// <summary>Statuses (429 or 503) to answer the next sends with, one each, before answering normally again.</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    public ConcurrentQueue<JsonNode> Sends { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public int Operations => _operations.Count;

    public static async Task<FakeAcsEmail> StartAsync()
    {
        var fake = new FakeAcsEmail();
        await fake.StartAsync(app =>
        {
            app.MapPost("/emails:send", (Func<HttpContext, Task<IResult>>)fake.SendAsync);
            app.MapGet("/emails/operations/{id}", (Func<HttpContext, string, Task<IResult>>)fake.StatusAsync);
        });
        return fake;
    }


    private async Task<IResult> SendAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        if (SignatureProblem(context, body) is { } problem)
        {
            return Error(401, "Denied", problem, null);
        }

        if (context.Request.Query["api-version"] != "2023-03-31")
        {
            return Error(400, "InvalidApiVersion", "The api-version is missing or not supported.", null);
        }

        if (FailNext.TryDequeue(out var failure))
        {
            context.Response.Headers.RetryAfter = "1";
            return failure == 429
                ? Error(429, "TooManyRequests", "The request was throttled.", null)
                : Error(503, "ServiceUnavailable", "The service is unavailable.", null);
        }

        var json = JsonNode.Parse(body)!;
        Sends.Enqueue(json);
        var to = json["recipients"]?["to"]?[0]?["address"]?.GetValue<string>();
        if (json["senderAddress"] is null || to is null || json["content"]?["subject"] is null || (json["content"]?["plainText"] is null && json["content"]?["html"] is null))
        {
            Violations.Enqueue("senderAddress, recipients.to[0].address, content.subject and a plainText or html body are required.");
            return Error(400, "InvalidRequest", "The request is missing required fields.", "content");
        }

        var operationId = context.Request.Headers["Operation-Id"].ToString();
        if (!Guid.TryParse(operationId, out _))
        {
            Violations.Enqueue("Operation-Id is not a UUID.");
            operationId = Guid.NewGuid().ToString("D");
        }

        _operations.TryAdd(operationId, (to, 0));
        context.Response.Headers["Operation-Location"] = $"{Endpoint}/emails/operations/{operationId}?api-version=2023-03-31";
        context.Response.Headers.RetryAfter = "1";
        return Results.Json(new { id = operationId, status = "Running" }, statusCode: 202);
    }

    private async Task<IResult> StatusAsync(HttpContext context, string id)
    {
        var body = await ReadAsync(context);
        if (SignatureProblem(context, body) is { } problem)
        {
            return Error(401, "Denied", problem, null);
        }

        if (!_operations.TryGetValue(id, out var operation))
        {
            return Error(404, "NotFound", "No such operation.", null);
        }

        _operations[id] = operation with { Polls = operation.Polls + 1 };
        if (operation.Polls == 0)
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new { id, status = "Running" });
        }

        return operation.To == DroppedRecipient
            ? Results.Json(new { id, status = "Failed", error = new { code = "EmailDropped", message = "The email has been dropped." } })
            : Results.Json(new { id, status = "Succeeded" });
    }

    private string? SignatureProblem(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers;
        var date = headers["x-ms-date"].ToString();
        var hash = headers["x-ms-content-sha256"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || (DateTimeOffset.UtcNow - at).Duration() > TimeSpan.FromMinutes(15))
        {
            return "x-ms-date is missing or more than 15 minutes off.";
        }

        if (hash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body.";
        }

        var request = context.Request;
        var stringToSign = $"{request.Method}\n{request.Path}{request.QueryString}\n{date};{request.Host};{hash}";
        var expected = $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)))}";
        return headers.Authorization.ToString() == expected ? null : "The HMAC signature does not match.";
    }

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static IResult Error(int status, string code, string message, string? target) =>
        Results.Json(new { error = new { code, message, target } }, statusCode: status);
}
