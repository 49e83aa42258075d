using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing;

/// <summary>
/// APNs on loopback, HTTP/2 only (cleartext, with prior knowledge): it checks the provider token as Apple does
/// (ES256 with the team's key, key id, team, not older than an hour, not renewed more often than every 20 minutes),
/// the apns-* headers and the payload, and answers with Apple's reasons.
/// </summary>
public sealed class FakeApns : LoopbackServer
{
    public const string TeamId = "TEAM123456";
    public const string KeyId = "KEY1234567";
    public const string BundleId = "com.example.app";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Func<DateTimeOffset> _clock;
    private readonly Lock _tokensLock = new();
    private long _lastIssuedAt;

    private FakeApns(Func<DateTimeOffset> clock) => _clock = clock;

    /// <summary>The team's .p8 key, as the silo is configured with it.</summary>
    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Device tokens Apple no longer knows (410 Unregistered).</summary>
    public ConcurrentDictionary<string, bool> Unregistered { get; } = new();

    public bool Unavailable { get; set; }

    /// <summary>Statuses (429 or 500) to answer the next requests with, one each, before answering normally again.</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    /// <summary>Makes the next request fail with 403 ExpiredProviderToken whatever its token, as after a clock step.</summary>
    public bool ExpireNextToken { get; set; }

    public ConcurrentQueue<ApnsReceived> Received { get; } = new();

    /// <summary>Distinct provider tokens seen, in order.</summary>
    public ConcurrentQueue<string> Tokens { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public static async Task<FakeApns> StartAsync(Func<DateTimeOffset>? clock = null)
    {
        var fake = new FakeApns(clock ?? (() => DateTimeOffset.UtcNow));
        await fake.StartAsync(app => app.MapPost("/3/device/{token}", (Func<HttpContext, string, Task<IResult>>)fake.HandleAsync), http2Only: true);
        return fake;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _key.Dispose();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string token)
    {
        var headers = context.Request.Headers;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        JsonNode? payload = null;
        try
        {
            payload = JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
        }

        Received.Enqueue(new ApnsReceived(token, payload, headers["apns-priority"].ToString(), headers["apns-id"].ToString(), headers["apns-collapse-id"].ToString()));
        if (context.Request.Protocol != "HTTP/2")
        {
            Violations.Enqueue($"APNs takes HTTP/2 only; the request came over {context.Request.Protocol}.");
        }

        if (TokenProblem(headers.Authorization.ToString()) is { } problem)
        {
            return Reason(403, problem);
        }

        if (ExpireNextToken)
        {
            ExpireNextToken = false;
            return Reason(403, "ExpiredProviderToken");
        }

        if (headers["apns-topic"] != BundleId)
        {
            return Reason(400, headers["apns-topic"].Count == 0 ? "MissingTopic" : "BadTopic");
        }

        if (headers["apns-push-type"] != "alert" || headers["apns-priority"].ToString() is not ("10" or "5"))
        {
            Violations.Enqueue("apns-push-type or apns-priority is missing or wrong.");
            return Reason(400, "BadPriority");
        }

        if (!Guid.TryParse(headers["apns-id"], out _) || headers["apns-id"].ToString() != headers["apns-id"].ToString().ToLowerInvariant())
        {
            return Reason(400, "BadMessageId");
        }

        if (headers["apns-collapse-id"].ToString().Length > 64)
        {
            return Reason(400, "BadCollapseId");
        }

        if (!token.All(Uri.IsHexDigit))
        {
            return Reason(400, "BadDeviceToken");
        }

        if (buffer.Length > 4096)
        {
            return Reason(413, "PayloadTooLarge");
        }

        if (payload?["aps"]?["alert"] is null)
        {
            Violations.Enqueue("The payload has no aps.alert.");
            return Reason(400, "PayloadEmpty");
        }

        if (Unregistered.ContainsKey(token))
        {
            return Results.Json(new { reason = "Unregistered", timestamp = _clock().ToUnixTimeMilliseconds() }, statusCode: 410);
        }

        if (Unavailable)
        {
            return Reason(503, "ServiceUnavailable");
        }

        if (FailNext.TryDequeue(out var failure))
        {
            return failure == 429 ? Reason(429, "TooManyRequests") : Reason(500, "InternalServerError");
        }

        context.Response.Headers["apns-id"] = headers["apns-id"].ToString();
        return Results.Ok();
    }

    private string? TokenProblem(string authorization)
    {
        if (!authorization.StartsWith("bearer ", StringComparison.Ordinal))
        {
            return "MissingProviderToken";
        }

        var token = authorization["bearer ".Length..];
        var parts = token.Split('.');
        if (parts.Length != 3 || !_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
        {
            return "InvalidProviderToken";
        }

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        if (header.RootElement.GetProperty("alg").GetString() != "ES256" || header.RootElement.GetProperty("kid").GetString() != KeyId
            || claims.RootElement.GetProperty("iss").GetString() != TeamId)
        {
            return "InvalidProviderToken";
        }

        var issuedAt = claims.RootElement.GetProperty("iat").GetInt64();
        if (_clock().ToUnixTimeSeconds() - issuedAt > 3600)
        {
            return "ExpiredProviderToken";
        }

        // Two requests that bring the same new token at once are one renewal, not two: seen and recorded in one step.
        lock (_tokensLock)
        {
            if (!Tokens.Contains(token))
            {
                // Apple throttles a provider that renews its token more often than every 20 minutes.
                var previous = _lastIssuedAt;
                _lastIssuedAt = issuedAt;
                if (previous != 0 && issuedAt - previous < 20 * 60 && !_renewalExcused)
                {
                    Violations.Enqueue($"The provider token was renewed after {issuedAt - previous} s; Apple answers TooManyProviderTokenUpdates under 20 minutes.");
                }

                _renewalExcused = false;
                Tokens.Enqueue(token);
            }
        }

        return null;
    }

    private bool _renewalExcused;

    private IResult Reason(int status, string reason)
    {
        // A renewal Apple itself asked for is not counted against the provider.
        _renewalExcused = reason == "ExpiredProviderToken";
        return Results.Json(new { reason }, statusCode: status);
    }
}

public sealed record ApnsReceived(string DeviceToken, JsonNode? Payload, string Priority, string ApnsId, string CollapseId);
