using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>The secret that signs links; derived from the service's master key, so there is one secret to keep.</summary>
public sealed record LinkSigningKey(byte[] Key)
{
    public static LinkSigningKey DerivedFrom(byte[] masterKey) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Encoding.UTF8.GetBytes("notifications/link-signing")));
}
