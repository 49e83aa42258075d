using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class StateEncryptionKeyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("state-key-").FullName;

    [Fact]
    public void The_embedded_default_makes_its_key_once_away_from_the_data_readable_by_its_owner_only()
    {
        var database = Path.Combine(_root, "data", "notifications.db");
        var keyFile = Path.Combine(_root, "config", "notifications", "storage.key");

        var first = StateEncryptionKey.Resolve(Settings(), database, keyFile, NullLogger.Instance);
        var again = StateEncryptionKey.Resolve(Settings(), database, keyFile, NullLogger.Instance);

        Assert.Equal(first, again);
        Assert.True(File.Exists(keyFile));
        Assert.False(Directory.Exists(Path.Combine(_root, "data")) && Directory.EnumerateFiles(Path.Combine(_root, "data")).Any(), "nothing of the key beside the data");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public void A_key_file_an_earlier_build_made_beside_the_data_is_still_used_and_a_configured_file_comes_first()
    {
        var database = Path.Combine(_root, "data", "notifications.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var earlier = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(Path.Combine(_root, "data", "storage.key"), earlier);
        var configuredFile = Path.Combine(_root, "secrets", "state.key");
        Directory.CreateDirectory(Path.GetDirectoryName(configuredFile)!);
        var configured = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(configuredFile, configured);

        var fromBeside = StateEncryptionKey.Resolve(Settings(), database, Path.Combine(_root, "unused.key"), NullLogger.Instance);
        var fromFile = StateEncryptionKey.Resolve(Settings((StateEncryptionKey.FileConfigurationKey, configuredFile)), database, Path.Combine(_root, "unused.key"), NullLogger.Instance);

        Assert.Equal(earlier, fromBeside);
        Assert.Equal(configured, fromFile);
        Assert.False(File.Exists(Path.Combine(_root, "unused.key")));
    }

    [Theory]
    [InlineData("redis", "Notifications:Storage:Redis:ConnectionString", "127.0.0.1:1")]
    [InlineData("azure", "Notifications:Storage:Azure:ConnectionString", "UseDevelopmentStorage=true")]
    public async Task A_cluster_backend_without_a_configured_key_refuses_to_start_saying_every_silo_needs_the_same(string provider, string connectionKey, string connection)
    {
        await using var silo = new SiloFactory(new() { ["Notifications:Storage:Provider"] = provider, [connectionKey] = connection });

        var refused = Assert.Throws<InvalidOperationException>(() => { silo.CreateClient(); });

        Assert.Contains(StateEncryptionKey.ConfigurationKey, refused.Message, StringComparison.Ordinal);
        Assert.Contains("the same for every silo", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
