using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Storage;

/// <summary>
/// Encrypts every state at rest with AES-256-GCM, authenticated together with its grain id and state name, so a
/// record copied onto another row does not decrypt. Random 96-bit nonces wear out near 2^32 messages, days at
/// this service's write rate; so each process derives its own key from the master key and a random salt, and
/// counts its nonces. Layout: version (1), salt (16), nonce (12), tag (16), ciphertext.
/// </summary>
public sealed class AesGcmStateProtector : IDisposable
{
    private const byte Version = 1;
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + SaltSize + NonceSize + TagSize;
    private static readonly byte[] KeyPurpose = "notifications/grain-state/v1"u8.ToArray();

    private readonly byte[] _masterKey;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(SaltSize);
    private readonly byte[] _writeKey;

    // An AesGcm instance is not to be shared by threads at once; one locked instance held every grain write in line
    // (seen as lock contention in a profile), so each key has a pool of instances, one per thread that needs it.
    private readonly ConcurrentBag<AesGcm> _writePool = new();
    private readonly ConcurrentDictionary<string, (byte[] Key, ConcurrentBag<AesGcm> Pool)> _readKeys = new();
    private long _nonceCounter;

    public AesGcmStateProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The state encryption key must be 32 bytes.", nameof(masterKey));
        }

        _masterKey = masterKey.ToArray();
        _writeKey = KeyFor(_salt);
    }

    public byte[] Protect(GrainId grainId, string stateName, byte[] state)
    {
        var stored = new byte[HeaderSize + state.Length];
        stored[0] = Version;
        _salt.CopyTo(stored, 1);
        var nonce = stored.AsSpan(1 + SaltSize, NonceSize);
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], Interlocked.Increment(ref _nonceCounter));
        var (aes, pool) = Rent(_salt);
        try
        {
            aes.Encrypt(nonce, state, stored.AsSpan(HeaderSize), stored.AsSpan(1 + SaltSize + NonceSize, TagSize), AssociatedData(grainId, stateName));
        }
        finally
        {
            pool.Add(aes);
        }

        return stored;
    }

    public byte[] Unprotect(GrainId grainId, string stateName, byte[] stored)
    {
        if (stored.Length < HeaderSize || stored[0] != Version)
        {
            throw new CryptographicException($"The stored state of {grainId} is not in a format this version can read.");
        }

        var (aes, pool) = Rent(stored.AsSpan(1, SaltSize));
        var state = new byte[stored.Length - HeaderSize];
        try
        {
            aes.Decrypt(stored.AsSpan(1 + SaltSize, NonceSize), stored.AsSpan(HeaderSize), stored.AsSpan(1 + SaltSize + NonceSize, TagSize), state, AssociatedData(grainId, stateName));
        }
        finally
        {
            pool.Add(aes);
        }

        return state;
    }

    public void Dispose()
    {
        foreach (var pool in _readKeys.Values.Select(k => k.Pool).Append(_writePool))
        {
            while (pool.TryTake(out var aes))
            {
                aes.Dispose();
            }
        }
    }

    /// <summary>An instance for the key a stored state was written under (most often this process's); give it back to the pool.</summary>
    private (AesGcm Aes, ConcurrentBag<AesGcm> Pool) Rent(ReadOnlySpan<byte> salt)
    {
        if (salt.SequenceEqual(_salt))
        {
            return (_writePool.TryTake(out var own) ? own : new AesGcm(_writeKey, TagSize), _writePool);
        }

        var (keyBytes, pool) = _readKeys.GetOrAdd(Convert.ToBase64String(salt), static (_, arg) => (arg.Self.KeyFor(arg.Salt), new ConcurrentBag<AesGcm>()), (Self: this, Salt: salt.ToArray()));
        return (pool.TryTake(out var aes) ? aes : new AesGcm(keyBytes, TagSize), pool);
    }

    // The same text as before the move onto Orleans (whose grain ids read type/key too), so older records still decrypt.
    private static byte[] AssociatedData(GrainId grainId, string stateName) => Encoding.UTF8.GetBytes($"{grainId}#{stateName}");

    private byte[] KeyFor(byte[] salt) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKey, 32, salt, KeyPurpose);
}
