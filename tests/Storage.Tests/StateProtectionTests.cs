using System.Security.Cryptography;
using System.Text;

namespace Notifications.Storage.Tests;

public sealed class StateProtectionTests
{
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);
    private static readonly GrainId Alice = GrainId.Create("user", "t/alice");
    private static readonly GrainId Bob = GrainId.Create("user", "t/bob");

    [Fact]
    public void State_round_trips_and_its_plaintext_is_not_in_what_is_stored()
    {
        using var protector = new AesGcmStateProtector(MasterKey);
        var state = Encoding.UTF8.GetBytes("""{"email":"alice@example.com"}""");

        var stored = protector.Protect(Alice, "user", state);

        Assert.Equal(state, protector.Unprotect(Alice, "user", stored));
        Assert.DoesNotContain("alice@example.com", Encoding.UTF8.GetString(stored));
        Assert.NotEqual(stored, protector.Protect(Alice, "user", state));
    }

    [Fact]
    public void Another_process_with_the_same_master_key_reads_it_and_a_wrong_key_does_not()
    {
        using var writer = new AesGcmStateProtector(MasterKey);
        using var reader = new AesGcmStateProtector(MasterKey);
        using var stranger = new AesGcmStateProtector(RandomNumberGenerator.GetBytes(32));
        var stored = writer.Protect(Alice, "user", [1, 2, 3]);

        Assert.Equal([1, 2, 3], reader.Unprotect(Alice, "user", stored));
        Assert.ThrowsAny<CryptographicException>(() => stranger.Unprotect(Alice, "user", stored));
    }

    [Fact]
    public void A_record_moved_to_another_row_or_tampered_with_does_not_decrypt()
    {
        using var protector = new AesGcmStateProtector(MasterKey);
        var stored = protector.Protect(Alice, "user", [1, 2, 3]);
        var tampered = stored.ToArray();
        tampered[^1] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(Bob, "user", stored));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(Alice, "user", tampered));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(Alice, "user", [9, 9, 9]));
    }

    [Fact]
    public void A_new_key_reads_what_the_keys_it_replaced_wrote_and_writes_under_its_own_id()
    {
        var newKey = RandomNumberGenerator.GetBytes(32);
        using var before = new AesGcmStateProtector(MasterKey);
        using var rotated = new AesGcmStateProtector(newKey, MasterKey);
        using var newOnly = new AesGcmStateProtector(newKey);
        var underOld = before.Protect(Alice, "user", [1, 2, 3]);
        var unnamed = UnnamedKeyRecord(MasterKey, Alice, "user", [4, 5, 6]);

        var moved = rotated.Reencrypt(Alice, "user", underOld);

        Assert.Equal([1, 2, 3], rotated.Unprotect(Alice, "user", underOld));
        Assert.Equal([4, 5, 6], rotated.Unprotect(Alice, "user", unnamed));
        Assert.True(rotated.NeedsNewKey(underOld) && rotated.NeedsNewKey(unnamed));
        Assert.False(rotated.NeedsNewKey(moved));
        Assert.Equal([1, 2, 3], newOnly.Unprotect(Alice, "user", moved));
        var missing = Assert.ThrowsAny<CryptographicException>(() => newOnly.Unprotect(Alice, "user", underOld));
        Assert.Contains("PreviousEncryptionKeys", missing.Message, StringComparison.Ordinal);
    }

    /// <summary>A record as builds before key ids wrote it: version 1, salt, nonce, tag, ciphertext.</summary>
    private static byte[] UnnamedKeyRecord(byte[] masterKey, GrainId grainId, string stateName, byte[] state)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt, "notifications/grain-state/v1"u8.ToArray());
        var (tag, ciphertext) = (new byte[16], new byte[state.Length]);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, state, ciphertext, tag, Encoding.UTF8.GetBytes($"{grainId}#{stateName}"));
        return [1, .. salt, .. nonce, .. tag, .. ciphertext];
    }
}
