using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Storage;

/// <summary>
/// Encrypts every state at rest with AES-256-GCM, authenticated together with its grain id and state name, so a
/// record copied onto another row does not decrypt. Random 96-bit nonces wear out near 2^32 messages, days at
/// this service's write rate; so each process derives its own key from the master key and a random salt, and
/// counts its nonces. Layout: version (2), the master key's id (4), salt (16), nonce (12), tag (16), ciphertext.
/// The id lets a new master key be put in while states written under the previous ones still open (see
/// <see cref="NeedsNewKey"/> and <see cref="Reencrypt"/>); records of version 1, written before ids, are tried
/// under each key in turn.
/// </summary>
public sealed class AesGcmStateProtector : IDisposable
{
    private const byte UnnamedKeyVersion = 1;
    private const byte Version = 2;
    private const int KeyIdSize = 4;
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int UnnamedKeyHeaderSize = 1 + SaltSize + NonceSize + TagSize;
    private const int HeaderSize = 1 + KeyIdSize + SaltSize + NonceSize + TagSize;
    private static readonly byte[] KeyPurpose = "notifications/grain-state/v1"u8.ToArray();
    private static readonly byte[] KeyIdPurpose = "notifications/grain-state/key-id"u8.ToArray();

    /// <summary>The current master key first, then those it replaced.</summary>
    private readonly byte[][] _masterKeys;
    private readonly byte[][] _keyIds;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(SaltSize);
    private readonly byte[] _writeKey;

    // An AesGcm instance is not to be shared by threads at once; one locked instance held every grain write in line
    // (seen as lock contention in a profile), so each key has a pool of instances, one per thread that needs it.
    private readonly ConcurrentBag<AesGcm> _writePool = new();
    private readonly ConcurrentDictionary<(int Master, string Salt), (byte[] Key, ConcurrentBag<AesGcm> Pool)> _readKeys = new();
    private long _nonceCounter;

    /// <param name="masterKeys">The key to write under first, then earlier ones that states may still be under.</param>
    public AesGcmStateProtector(params IReadOnlyList<byte[]> masterKeys)
    {
        if (masterKeys.Count == 0 || masterKeys.Any(key => key.Length != 32))
        {
            throw new ArgumentException("Every state encryption key must be 32 bytes.", nameof(masterKeys));
        }

        _masterKeys = [.. masterKeys.Select(key => key.ToArray())];
        _keyIds = [.. _masterKeys.Select(KeyIdOf)];
        _writeKey = KeyFor(0, _salt);
    }

    /// <summary>The id of the key states are written under now, as hex: what a finished re-encryption records.</summary>
    public string CurrentKeyId => Convert.ToHexStringLower(_keyIds[0]);

    public byte[] Protect(GrainId grainId, string stateName, ReadOnlySpan<byte> state)
    {
        var stored = new byte[HeaderSize + state.Length];
        stored[0] = Version;
        _keyIds[0].CopyTo(stored, 1);
        _salt.CopyTo(stored, 1 + KeyIdSize);
        var nonce = stored.AsSpan(1 + KeyIdSize + SaltSize, NonceSize);
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], Interlocked.Increment(ref _nonceCounter));
        var (aes, pool) = Rent(0, _salt);
        try
        {
            aes.Encrypt(nonce, state, stored.AsSpan(HeaderSize), stored.AsSpan(1 + KeyIdSize + SaltSize + NonceSize, TagSize), AssociatedData(grainId, stateName));
        }
        finally
        {
            pool.Add(aes);
        }

        return stored;
    }

    public byte[] Unprotect(GrainId grainId, string stateName, byte[] stored) =>
        Unprotect(grainId, stateName, stored, static plaintext => plaintext.ToArray());

    /// <summary>
    /// Opens <paramref name="stored"/> into a pooled buffer and hands it to <paramref name="read"/>, which must not keep
    /// it: a state read costs no copy of its plaintext. The buffer is cleared before it goes back to the pool.
    /// </summary>
    public T Unprotect<T>(GrainId grainId, string stateName, byte[] stored, Func<ReadOnlySpan<byte>, T> read)
    {
        if (stored.Length >= HeaderSize && stored[0] == Version)
        {
            var master = Array.FindIndex(_keyIds, id => id.AsSpan().SequenceEqual(stored.AsSpan(1, KeyIdSize)));
            if (master < 0)
            {
                throw new CryptographicException(
                    $"The stored state of {grainId} was written under a master key that is not configured (key id {Convert.ToHexStringLower(stored.AsSpan(1, KeyIdSize))}): "
                    + "give it in Notifications:Storage:PreviousEncryptionKeys.");
            }

            return Decrypt(master, grainId, stateName, stored.AsSpan(1 + KeyIdSize), read);
        }

        if (stored.Length >= UnnamedKeyHeaderSize && stored[0] == UnnamedKeyVersion)
        {
            for (var master = 0; master < _masterKeys.Length; master++)
            {
                try
                {
                    return Decrypt(master, grainId, stateName, stored.AsSpan(1), read);
                }
                catch (AuthenticationTagMismatchException) when (master < _masterKeys.Length - 1)
                {
                    // Written under another of the keys, or altered: the last key's failure says which.
                }
            }
        }

        throw new CryptographicException($"The stored state of {grainId} is not in a format this version can read.");
    }

    /// <summary>Whether a stored state is under another key than the current one (or names none).</summary>
    public bool NeedsNewKey(byte[] stored) =>
        stored.Length < HeaderSize || stored[0] != Version || !stored.AsSpan(1, KeyIdSize).SequenceEqual(_keyIds[0]);

    /// <summary>The same state under the current key.</summary>
    public byte[] Reencrypt(GrainId grainId, string stateName, byte[] stored) => Protect(grainId, stateName, Unprotect(grainId, stateName, stored));

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

    /// <param name="sealedPart">Salt, nonce, tag and ciphertext.</param>
    private T Decrypt<T>(int master, GrainId grainId, string stateName, ReadOnlySpan<byte> sealedPart, Func<ReadOnlySpan<byte>, T> read)
    {
        var length = sealedPart.Length - SaltSize - NonceSize - TagSize;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var state = buffer.AsSpan(0, length);
            var (aes, pool) = Rent(master, sealedPart[..SaltSize]);
            try
            {
                aes.Decrypt(sealedPart.Slice(SaltSize, NonceSize), sealedPart[(SaltSize + NonceSize + TagSize)..], sealedPart.Slice(SaltSize + NonceSize, TagSize), state, AssociatedData(grainId, stateName));
            }
            finally
            {
                pool.Add(aes);
            }

            return read(state);
        }
        finally
        {
            // Personal data: the pool's next user must not find it.
            buffer.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An instance for the key a stored state was written under (most often this process's); give it back to the pool.</summary>
    private (AesGcm Aes, ConcurrentBag<AesGcm> Pool) Rent(int master, ReadOnlySpan<byte> salt)
    {
        if (master == 0 && salt.SequenceEqual(_salt))
        {
            return (_writePool.TryTake(out var own) ? own : new AesGcm(_writeKey, TagSize), _writePool);
        }

        var (keyBytes, pool) = _readKeys.GetOrAdd(
            (master, Convert.ToBase64String(salt)),
            static (key, arg) => (arg.Self.KeyFor(key.Master, arg.Salt), new ConcurrentBag<AesGcm>()),
            (Self: this, Salt: salt.ToArray()));
        return (pool.TryTake(out var aes) ? aes : new AesGcm(keyBytes, TagSize), pool);
    }

    // The same text as before the move onto Orleans (whose grain ids read type/key too), so older records still decrypt.
    private static byte[] AssociatedData(GrainId grainId, string stateName) => Encoding.UTF8.GetBytes($"{grainId}#{stateName}");

    private static byte[] KeyIdOf(byte[] masterKey) => HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, KeyIdSize, info: KeyIdPurpose);

    private byte[] KeyFor(int master, byte[] salt) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKeys[master], 32, salt, KeyPurpose);
}
