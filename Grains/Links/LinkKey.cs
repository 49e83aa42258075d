using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// The keys of links and tokens, derived from one master key, so that there is one secret to keep: one seals, the other
/// checks the signed tokens of builds before sealing (links in mailboxes outlive a release). <see cref="Id"/> names
/// the key in every token it seals, without telling anything of it.
/// </summary>
public sealed record LinkKey(byte[] SealingKey, byte[] SigningKey)
{
    public const int IdBytes = 4;

    public byte[] Id { get; } = SHA256.HashData(SealingKey)[..IdBytes];

    public static LinkKey DerivedFrom(byte[] masterKey) => new(
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Encoding.UTF8.GetBytes("notifications/link-sealing")),
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Encoding.UTF8.GetBytes("notifications/link-signing")));
}
