using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Notifications.Grains;

namespace Notifications.Testing;

/// <summary>
/// A web push service on loopback with browser subscriptions of its own: it checks each request's VAPID token
/// (RFC 8292) and headers (RFC 8030), decrypts the body as a browser would (RFC 8291), and answers 201, or 410 for
/// a subscription the test has expired.
/// </summary>
public sealed class FakePushService : LoopbackServer
{
    private readonly ConcurrentDictionary<string, (ECDiffieHellman Key, byte[] Auth)> _subscriptions = new();
    private int _messages;

    public string Origin => BaseUrl;

    /// <summary>Subscription ids answered 410 Gone.</summary>
    public ConcurrentDictionary<string, bool> Expired { get; } = new();

    /// <summary>Statuses (403, 429 or 503) to answer the next requests with, one each, before answering normally again.</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    public ConcurrentQueue<PushReceived> Received { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public static async Task<FakePushService> StartAsync()
    {
        var fake = new FakePushService();
        await fake.StartAsync(app => app.MapPost("/push/{id}", (Func<HttpContext, string, Task<IResult>>)fake.HandleAsync));
        return fake;
    }

    /// <summary>A browser's subscription, as PushSubscription.toJSON() gives it.</summary>
    public Device Subscribe()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);
        _subscriptions[id] = (key, auth);
        var q = key.ExportParameters(false).Q;
        return new Device(DeviceKinds.WebPush, $"{Origin}/push/{id}", Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]), Base64Url.EncodeToString(auth));
    }


    private async Task<IResult> HandleAsync(HttpContext context, string id)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var headers = context.Request.Headers;
        var problems = new List<string>();
        if (!long.TryParse(headers["TTL"], out var ttl) || ttl < 0)
        {
            problems.Add("TTL is missing or not a number of seconds.");
        }

        if (headers.ContentEncoding != "aes128gcm")
        {
            problems.Add($"Content-Encoding is '{headers.ContentEncoding}', not aes128gcm.");
        }

        if (headers["Urgency"].ToString() is { Length: > 0 } urgency && urgency is not ("very-low" or "low" or "normal" or "high"))
        {
            problems.Add($"Urgency '{urgency}' is not one of RFC 8030's.");
        }

        CheckVapid(headers.Authorization.ToString(), problems);
        string? plaintext = null;
        if (_subscriptions.TryGetValue(id, out var subscription))
        {
            try
            {
                plaintext = Decrypt(buffer.ToArray(), subscription.Key, subscription.Auth);
            }
            catch (Exception exception) when (exception is CryptographicException or ArgumentException or IndexOutOfRangeException)
            {
                problems.Add($"The body does not decrypt: {exception.Message}");
            }
        }

        foreach (var problem in problems)
        {
            Violations.Enqueue(problem);
        }

        Received.Enqueue(new PushReceived(id, plaintext, headers["Urgency"].ToString(), headers["Topic"].ToString(), ttl));
        if (problems.Count > 0)
        {
            return Results.StatusCode(problems.Any(p => p.StartsWith("VAPID", StringComparison.Ordinal)) ? 403 : 400);
        }

        if (FailNext.TryDequeue(out var failure))
        {
            if (failure == 429)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            return Results.StatusCode(failure);
        }

        if (!_subscriptions.ContainsKey(id) || Expired.ContainsKey(id))
        {
            return Results.StatusCode(410);
        }

        context.Response.Headers.Location = $"{Origin}/messages/{Interlocked.Increment(ref _messages)}";
        return Results.StatusCode(201);
    }

    private void CheckVapid(string authorization, List<string> problems)
    {
        var parts = authorization.StartsWith("vapid ", StringComparison.Ordinal)
            ? authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1])
            : [];
        if (!parts.TryGetValue("t", out var token) || !parts.TryGetValue("k", out var key))
        {
            problems.Add("VAPID: no 'vapid t=..., k=...' authorization.");
            return;
        }

        var pieces = token.Split('.');
        var point = Base64Url.DecodeFromChars(key);
        using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..65] } });
        if (pieces.Length != 3 || !verifier.VerifyData(Encoding.ASCII.GetBytes($"{pieces[0]}.{pieces[1]}"), Base64Url.DecodeFromChars(pieces[2]), HashAlgorithmName.SHA256))
        {
            problems.Add("VAPID: the token's ES256 signature does not verify with k.");
            return;
        }

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(pieces[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(pieces[1]));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var exp = claims.RootElement.GetProperty("exp").GetInt64();
        if (header.RootElement.GetProperty("alg").GetString() != "ES256")
        {
            problems.Add("VAPID: alg is not ES256.");
        }

        if (claims.RootElement.GetProperty("aud").GetString() != Origin)
        {
            problems.Add($"VAPID: aud is not the push service's origin {Origin}.");
        }

        if (exp <= now || exp > now + (24 * 3600))
        {
            problems.Add("VAPID: exp is not within the next 24 hours.");
        }

        if (claims.RootElement.GetProperty("sub").GetString() is not { } sub || !(sub.StartsWith("mailto:", StringComparison.Ordinal) || sub.StartsWith("https:", StringComparison.Ordinal)))
        {
            problems.Add("VAPID: sub is not a mailto: or https: contact.");
        }
    }

    /// <summary>The browser's side of RFC 8291: the sender's public key is in the header; the record ends with 0x02 and padding.</summary>
    private static string Decrypt(byte[] body, ECDiffieHellman userAgent, byte[] auth)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16));
        var keyLength = body[20];
        var senderPublic = body[21..(21 + keyLength)];
        if (body.Length - 21 - keyLength > recordSize)
        {
            throw new ArgumentException("The body is longer than one record.");
        }

        using var sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = senderPublic[1..33], Y = senderPublic[33..65] } });
        var q = userAgent.ExportParameters(false).Q;
        byte[] userAgentPublic = [0x04, .. q.X!, .. q.Y!];
        var secret = userAgent.DeriveRawSecretAgreement(sender.PublicKey);
        var prkKey = HMACSHA256.HashData(auth, secret);
        var ikm = HMACSHA256.HashData(prkKey, (byte[])[.. "WebPush: info\0"u8, .. userAgentPublic, .. senderPublic, 1]);
        var prk = HMACSHA256.HashData(salt, ikm);
        var cek = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: aes128gcm\0"u8, 1])[..16];
        var nonce = HMACSHA256.HashData(prk, (byte[])[.. "Content-Encoding: nonce\0"u8, 1])[..12];
        var ciphertext = body[(21 + keyLength)..];
        var record = new byte[ciphertext.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], record);
        var end = Array.LastIndexOf(record, (byte)0x02);
        if (end < 0 || record.Skip(end + 1).Any(b => b != 0))
        {
            throw new ArgumentException("The record does not end with the last-record delimiter and zero padding.");
        }

        return Encoding.UTF8.GetString(record, 0, end);
    }
}

/// <param name="Plaintext">The payload as the service worker sees it, or null when it did not decrypt.</param>
public sealed record PushReceived(string SubscriptionId, string? Plaintext, string Urgency, string Topic, long TimeToLive);
