using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing;

/// <summary>
/// SendGrid's v3 Mail Send on loopback: checks the bearer key and every request body against SendGrid's OpenAPI
/// document, and answers as SendGrid does (202 with X-Message-Id, its error bodies, 429 with X-RateLimit-Reset).
/// </summary>
public sealed class FakeSendGrid : LoopbackServer
{
    /// <summary>A recipient SendGrid refuses as not a valid address.</summary>
    public const string InvalidRecipient = "not-an-address@invalid";

    private static readonly OpenApiContract Spec = OpenApiContract.Load("sendgrid_mail_v3.json");

    private readonly ECDsa _eventKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The signed event webhook's verification key, as SendGrid's settings page shows it.</summary>
    public string EventWebhookVerificationKey => Convert.ToBase64String(_eventKey.ExportSubjectPublicKeyInfo());

    /// <summary>An event webhook POST as SendGrid signs it: the body, and the timestamp and signature headers.</summary>
    /// <param name="signedAt">When the batch was signed; now by default.</param>
    public (byte[] Body, string Timestamp, string Signature) SignedEvents(JsonArray events, DateTimeOffset? signedAt = null)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(events.ToJsonString());
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = _eventKey.SignData([.. System.Text.Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return (body, timestamp, Convert.ToBase64String(signature));
    }

    public string ApiKey { get; } = "SG." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool Unavailable { get; set; }

    /// <summary>Statuses (429 or 503) to answer the next requests with, one each, before answering normally again.</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    public ConcurrentQueue<SendGridRequest> Requests { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public static async Task<FakeSendGrid> StartAsync()
    {
        var fake = new FakeSendGrid();
        await fake.StartAsync(app => app.MapPost("/v3/mail/send", (Func<HttpContext, Task<IResult>>)fake.HandleAsync));
        return fake;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _eventKey.Dispose();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            Requests.Enqueue(new SendGridRequest(body, null));
            return Error(401, "The provided authorization grant is invalid, expired, or revoked", null);
        }

        var problems = Spec.CheckJsonRequest("POST", "/v3/mail/send", body);
        foreach (var problem in problems)
        {
            Violations.Enqueue(problem);
        }

        var to = body?["personalizations"]?[0]?["to"]?[0]?["email"]?.GetValue<string>();
        string? messageId = null;
        IResult answer;
        if (problems.Count > 0)
        {
            answer = Error(400, problems[0], null);
        }
        else if (Unavailable || (FailNext.TryPeek(out var next) && next == 503 && FailNext.TryDequeue(out _)))
        {
            answer = Results.StatusCode(503);
        }
        else if (FailNext.TryPeek(out var throttle) && throttle == 429 && FailNext.TryDequeue(out _))
        {
            context.Response.Headers["X-RateLimit-Limit"] = "600";
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            context.Response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            answer = Error(429, "too many requests", null);
        }
        else if (to == InvalidRecipient)
        {
            answer = Error(400, "Does not contain a valid address.", "personalizations.0.to.0.email");
        }
        else
        {
            messageId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            context.Response.Headers["X-Message-Id"] = messageId;
            answer = Results.StatusCode(body?["mail_settings"]?["sandbox_mode"]?["enable"]?.GetValue<bool>() == true ? 200 : 202);
        }

        Requests.Enqueue(new SendGridRequest(body, messageId));
        return answer;
    }

    private IResult Error(int status, string message, string? field)
    {
        var body = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["field"] = field }),
        };
        foreach (var problem in Spec.CheckResponse("POST", "/v3/mail/send", status, body).Where(p => !p.Contains("does not document")))
        {
            Violations.Enqueue($"fake's own answer: {problem}");
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }
}

/// <param name="MessageId">The X-Message-Id answered when the mail was taken.</param>
public sealed record SendGridRequest(JsonNode? Body, string? MessageId);
