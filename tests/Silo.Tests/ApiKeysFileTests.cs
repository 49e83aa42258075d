using System.Net;
using System.Security.Cryptography;
using System.Text;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class ApiKeysFileTests : IAsyncLifetime
{
    private const string FirstKey = "first-key-0123456789abcdef";
    private const string SecondKey = "second-key-0123456789abcdef";

    private readonly string _folder = Directory.CreateTempSubdirectory("notifications-keys-").FullName;
    private SiloFactory? _silo;

    private string KeysFile => Path.Combine(_folder, "api-keys.json");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Keys_added_to_and_removed_from_the_keys_file_take_effect_without_a_restart()
    {
        await File.WriteAllTextAsync(KeysFile, $$"""[{ "tenant": "acme", "key": "{{FirstKey}}" }]""");
        _silo = Start();

        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(FirstKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(SecondKey));

        // The second key is given by its digest only, as an operator keeps keys out of files.
        await File.WriteAllTextAsync(KeysFile, $$"""[{ "tenant": "acme", "keySha256": "{{Sha256(SecondKey)}}", "scopes": ["read"] }]""");

        await Eventually.TrueAsync(async () => await StatusWithAsync(SecondKey) == HttpStatusCode.OK, "the added key is accepted");
        await Eventually.TrueAsync(async () => await StatusWithAsync(FirstKey) == HttpStatusCode.Unauthorized, "the removed key is refused");
    }

    [Fact]
    public async Task A_keys_file_that_does_not_parse_keeps_the_keys_in_force()
    {
        await File.WriteAllTextAsync(KeysFile, $$"""[{ "tenant": "acme", "key": "{{FirstKey}}" }]""");
        _silo = Start();
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(FirstKey));

        await File.WriteAllTextAsync(KeysFile, """[{ "tenant": "acme", "key": "short" }]""");
        // A later good change is still seen, so the watch survived the bad one.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(FirstKey));
        await File.WriteAllTextAsync(KeysFile, $$"""[{ "tenant": "acme", "key": "{{SecondKey}}" }]""");
        await Eventually.TrueAsync(async () => await StatusWithAsync(SecondKey) == HttpStatusCode.OK, "the next good file is read");
    }

    [Fact]
    public async Task An_empty_keys_file_admits_nobody_rather_than_everybody()
    {
        await File.WriteAllTextAsync(KeysFile, "[]");
        _silo = Start();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(null));
    }

    private SiloFactory Start() => new(new() { ["Notifications:ApiKeysFile"] = KeysFile });

    private async Task<HttpStatusCode> StatusWithAsync(string? key)
    {
        using var http = key is null ? _silo!.CreateClient() : _silo!.CreateClientWithKey(key);

        using var response = await http.GetAsync("/v1/users/anyone");
        return response.StatusCode == HttpStatusCode.NotFound ? HttpStatusCode.OK : response.StatusCode;
    }

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
