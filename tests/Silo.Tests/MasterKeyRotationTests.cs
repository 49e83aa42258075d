using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class MasterKeyRotationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("key-rotation-").FullName;

    private string DatabasePath => Path.Combine(_folder, "notifications.db");

    [Fact]
    public async Task A_new_master_key_reads_what_the_old_one_wrote_meets_its_keyed_sends_and_moves_every_state_under_itself()
    {
        var oldKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        string firstId;
        await using (var before = Start(new() { ["Notifications:Storage:EncryptionKey"] = oldKey }))
        {
            using var http = before.CreateClient();
            (await http.PutAsJsonAsync("/v1/users/rosa", new { email = "rosa@example.org" })).EnsureSuccessStatusCode();
            firstId = await SendKeyedAsync(http);
        }

        var underOldKey = StoredKeyId();
        string retriedId;
        JsonElement user;
        await using (var rotated = Start(new() { ["Notifications:Storage:EncryptionKey"] = newKey, ["Notifications:Storage:PreviousEncryptionKeys:0"] = oldKey }))
        {
            using var http = rotated.CreateClient();
            user = await http.GetFromJsonAsync<JsonElement>("/v1/users/rosa");
            retriedId = await SendKeyedAsync(http);
            await Eventually.TrueAsync(() => StoredKeyId() != underOldKey, "the background pass to put every state under the new key", TimeSpan.FromMinutes(1));
        }

        await using var after = Start(new() { ["Notifications:Storage:EncryptionKey"] = newKey });
        using var afterHttp = after.CreateClient();
        using var read = await afterHttp.GetAsync("/v1/users/rosa");

        Assert.NotNull(underOldKey);
        Assert.Equal("rosa@example.org", user.GetProperty("email").GetString());
        Assert.Equal(firstId, retriedId);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SiloFactory Start(Dictionary<string, string?> settings)
    {
        settings["Notifications:Storage:Sqlite:Path"] = DatabasePath;
        return new SiloFactory(settings);
    }

    private static async Task<string> SendKeyedAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(new { user_id = "rosa", message = "Order 5 shipped", channel = "log" }) };
        request.Headers.Add("Idempotency-Key", "order-5-shipped");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private string? StoredKeyId()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM storage_meta WHERE name = 'state_key_id'";
        return command.ExecuteScalar() as string;
    }
}
