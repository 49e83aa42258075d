using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing;

/// <summary>
/// Google's OAuth token endpoint and FCM HTTP v1 on loopback. The token endpoint checks the service account's
/// RS256 assertion (issuer, scope, audience, lifetime); the send endpoint checks the access token and the message,
/// and answers with FCM's error bodies for the tokens the test has marked.
/// </summary>
public sealed class FakeFcm : LoopbackServer
{
    public const string ProjectId = "demo-project";
    public const string ClientEmail = "notifier@demo-project.iam.gserviceaccount.com";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, bool> _accessTokens = new();
    private int _messages;

    /// <summary>The service account's JSON key, with its token_uri pointing here.</summary>
    public string ServiceAccountJson => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = "0123456789abcdef",
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["token_uri"] = $"{BaseUrl}/token",
    }.ToJsonString();

    public ConcurrentDictionary<string, string> ErrorsByToken { get; } = new();

    public bool Unavailable { get; set; }

    public bool QuotaExceeded { get; set; }

    public int TokensIssued => _accessTokens.Count;

    public ConcurrentQueue<JsonNode> Messages { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public static async Task<FakeFcm> StartAsync()
    {
        var fake = new FakeFcm();
        await fake.StartAsync(app =>
        {
            app.MapPost("/token", (Func<HttpContext, Task<IResult>>)fake.TokenAsync);
            app.MapPost("/v1/projects/{project}/messages:send", (Func<HttpContext, string, Task<IResult>>)fake.SendAsync);
        });
        return fake;
    }

    /// <summary>Forgets every access token issued, as when they expire early.</summary>
    public void RevokeAccessTokens() => _accessTokens.Clear();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _key.Dispose();
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        }

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3 || !_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Results.Json(new { error = "invalid_grant", error_description = "Invalid JWT Signature." }, statusCode: 400);
        }

        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var root = claims.RootElement;
        var problems = new List<string>();
        if (root.GetProperty("iss").GetString() != ClientEmail)
        {
            problems.Add("iss is not the service account's client_email.");
        }

        // Google checks the audience against its own token endpoint, wherever the request was sent.
        if (root.GetProperty("aud").GetString() != "https://oauth2.googleapis.com/token")
        {
            problems.Add("aud is not https://oauth2.googleapis.com/token.");
        }

        if (root.GetProperty("scope").GetString()?.Split(' ').Contains("https://www.googleapis.com/auth/firebase.messaging") != true)
        {
            problems.Add("scope lacks firebase.messaging.");
        }

        if (root.GetProperty("exp").GetInt64() - root.GetProperty("iat").GetInt64() > 3600)
        {
            problems.Add("exp is more than an hour after iat.");
        }

        foreach (var problem in problems)
        {
            Violations.Enqueue($"token assertion: {problem}");
        }

        if (problems.Count > 0)
        {
            return Results.Json(new { error = "invalid_grant", error_description = problems[0] }, statusCode: 400);
        }

        var token = "ya29." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _accessTokens[token] = true;
        return Results.Json(new { access_token = token, expires_in = 3599, token_type = "Bearer" });
    }

    private async Task<IResult> SendAsync(HttpContext context, string project)
    {
        var bearer = context.Request.Headers.Authorization.ToString();
        if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.ContainsKey(bearer["Bearer ".Length..]))
        {
            return Results.Json(new { error = new { code = 401, message = "Request had invalid authentication credentials. Expected OAuth 2 access token.", status = "UNAUTHENTICATED" } }, statusCode: 401);
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var message = body?["message"];
        Messages.Enqueue(body!);
        var token = message?["token"]?.GetValue<string>();
        var problems = new List<string>();
        if (project != ProjectId)
        {
            problems.Add($"project {project} is not {ProjectId}.");
        }

        if (token is null || message?["notification"]?["body"] is null)
        {
            problems.Add("message.token and message.notification.body are required.");
        }

        if (message?["data"] is JsonObject data && data.Any(d => d.Value?.GetValueKind() != JsonValueKind.String))
        {
            problems.Add("message.data values must all be strings.");
        }

        if (message?["android"]?["priority"]?.GetValue<string>() is not ("HIGH" or "NORMAL") || message["android"]?["ttl"]?.GetValue<string>() is not { } ttl || !ttl.EndsWith('s'))
        {
            problems.Add("message.android.priority must be HIGH or NORMAL and ttl a duration such as \"3600s\".");
        }

        foreach (var problem in problems)
        {
            Violations.Enqueue(problem);
        }

        if (problems.Count > 0)
        {
            return Error(400, "INVALID_ARGUMENT", problems[0], null);
        }

        if (Unavailable)
        {
            return Error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE");
        }

        if (QuotaExceeded)
        {
            context.Response.Headers.RetryAfter = "60";
            return Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Messages'.", "QUOTA_EXCEEDED");
        }

        if (ErrorsByToken.TryGetValue(token!, out var error))
        {
            return error switch
            {
                "UNREGISTERED" => Error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"),
                "INVALID_TOKEN" => Error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT"),
                "SENDER_ID_MISMATCH" => Error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH"),
                "THIRD_PARTY_AUTH_ERROR" => Error(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR"),
                _ => Error(500, "INTERNAL", "Internal error encountered.", "INTERNAL"),
            };
        }

        return Results.Json(new { name = $"projects/{ProjectId}/messages/0:{Interlocked.Increment(ref _messages)}%31bd1c9631bd1c96" });
    }

    private static IResult Error(int code, string status, string message, string? fcmErrorCode)
    {
        var details = new JsonArray();
        if (fcmErrorCode is not null)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = fcmErrorCode });
        }

        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status, ["details"] = details } };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: code);
    }
}
