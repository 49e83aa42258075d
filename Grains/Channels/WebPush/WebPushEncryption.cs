using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): one record, keyed by an
/// ECDH agreement between a fresh key pair and the subscription's P-256 key, mixed with its auth secret.
/// </summary>
public static class WebPushEncryption
{
    /// <summary>The record size announced in the header; the whole body fits in one record of it.</summary>
    public const int RecordSize = 4096;

    /// <summary>The most plaintext one record takes: the record, less the header, the delimiter and the tag.</summary>
    public const int MaxPlaintextBytes = RecordSize - 86 - 1 - 16;

    private static readonly byte[] KeyInfoLabel = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] ContentEncryptionKeyInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] NonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret)
    {
        using var applicationServerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return Encrypt(plaintext, userAgentPublicKey, authSecret, applicationServerKey, RandomNumberGenerator.GetBytes(16));
    }

    /// <param name="applicationServerKey">The sender's key pair for this message only (given by tests to reproduce the RFC's example).</param>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, byte[] userAgentPublicKey, byte[] authSecret, ECDiffieHellman applicationServerKey, byte[] salt)
    {
        if (plaintext.Length > MaxPlaintextBytes)
        {
            throw new ArgumentException($"At most {MaxPlaintextBytes} bytes fit in one web push record.", nameof(plaintext));
        }

        using var userAgentKey = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = userAgentPublicKey[1..33], Y = userAgentPublicKey[33..65] },
        });
        var applicationServerPublicKey = Uncompressed(applicationServerKey.ExportParameters(includePrivateParameters: false).Q);
        var sharedSecret = applicationServerKey.DeriveRawSecretAgreement(userAgentKey.PublicKey);

        // RFC 8291 section 3.3: the auth secret salts the agreement; both public keys are bound into the info.
        var inputKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, authSecret, [.. KeyInfoLabel, .. userAgentPublicKey, .. applicationServerPublicKey]);
        var contentKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKey, 16, salt, ContentEncryptionKeyInfo);
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKey, 12, salt, NonceInfo);

        // RFC 8188: a single record, so it is the last one and ends with the delimiter 0x02.
        var record = new byte[plaintext.Length + 1];
        plaintext.CopyTo(record);
        record[^1] = 0x02;
        var header = 16 + 4 + 1 + applicationServerPublicKey.Length;
        var body = new byte[header + record.Length + 16];
        salt.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16), RecordSize);
        body[20] = (byte)applicationServerPublicKey.Length;
        applicationServerPublicKey.CopyTo(body, 21);
        using var aes = new AesGcm(contentKey, 16);
        aes.Encrypt(nonce, record, body.AsSpan(header, record.Length), body.AsSpan(header + record.Length, 16));
        return body;
    }

    public static byte[] Uncompressed(ECPoint point) => [0x04, .. point.X!, .. point.Y!];
}
