using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Grains;

/// <summary>A compact JWS signed with ES256, as APNs provider tokens and VAPID tokens are.</summary>
public static class Es256Jwt
{
    public static string Create(ECDsa key, IReadOnlyDictionary<string, string> header, IReadOnlyDictionary<string, object> claims)
    {
        var signingInput = $"{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        // IEEE P1363 (r || s), as JWS wants, is .NET's default signature format for ECDsa.
        return $"{signingInput}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256))}";
    }
}
