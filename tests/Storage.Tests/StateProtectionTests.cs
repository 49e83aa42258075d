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
}
