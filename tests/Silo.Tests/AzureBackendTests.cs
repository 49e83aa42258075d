using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>The Azure backend: membership, grain state and reminders in Azure Tables and the streams in Azure Queues, here the emulator.</summary>
public sealed class AzureBackendTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("azurite-").FullName;

    [Fact]
    public async Task On_Azure_Storage_what_was_accepted_survives_a_restart_a_scheduled_send_fires_after_it_and_nothing_is_stored_in_the_clear()
    {
        await using var azurite = await AzuriteServer.StartAsync(_data);
        var settings = Settings(azurite);
        settings["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02";
        var kept = await BackendRestart.RunAsync(settings);
        // The emulator saves its tables to its folder every few seconds.
        string[] stored = [];
        await Eventually.TrueAsync(() =>
        {
            stored = [.. Directory.EnumerateFiles(_data, "*", SearchOption.AllDirectories).Select(ReadShared)];
            return Task.FromResult(stored.Any(file => file.Contains(kept.Delivered, StringComparison.Ordinal) && file.Contains(kept.Scheduled, StringComparison.Ordinal)));
        }, "the emulator to save the notifications' rows", TimeSpan.FromSeconds(30));

        kept.AssertKept();
        Assert.All(stored, file => Assert.DoesNotContain(BackendRestart.Email, file, StringComparison.Ordinal));
        Assert.All(stored, file => Assert.DoesNotContain(BackendRestart.Message, file, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_silos_on_one_Azure_Storage_account_are_one_service_what_one_accepts_the_other_reads_and_counts()
    {
        await using var azurite = await AzuriteServer.StartAsync(_data);
        var settings = Settings(azurite);
        await using var siloA = new SiloFactory(settings);
        await using var siloB = new SiloFactory(settings);
        using var a = siloA.CreateClient();
        using var b = siloB.CreateClient();

        (await a.PutAsJsonAsync("/v1/users/bo", new { language = "en" })).EnsureSuccessStatusCode();
        var sent = await a.SendNotificationAsync(new { user_id = "bo", message = "Accepted by A", channel = "log" });
        var seenByB = await b.WaitForStatusAsync(sent, "delivered");
        await b.WaitForLastMinuteTotalAsync("delivered", 1, "silo B's statistics, fed by an Azure queue, to count the delivery silo A's notification made");

        Assert.Equal("Accepted by A", seenByB.GetProperty("message").GetString());
        Assert.Equal("en", (await b.GetFromJsonAsync<JsonElement>("/v1/users/bo")).GetProperty("language").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await b.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task On_Azure_Tables_a_new_master_key_takes_every_state_over_in_the_background_so_the_replaced_key_can_go()
    {
        await using var azurite = await AzuriteServer.StartAsync(_data);
        var oldKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var settings = Settings(azurite);
        settings["Notifications:Storage:EncryptionKey"] = oldKey;
        // Ids with '_' of their own: the table's partition keys turn '/' into '_' too, so they name more than one grain id.
        string[] users = ["rosa_1", "ines_b_2", "plain"];
        await using (var before = new SiloFactory(settings))
        {
            using var http = before.CreateClient();
            foreach (var user in users)
            {
                (await http.PutAsJsonAsync($"/v1/users/{user}", new { email = $"{user}@example.org" })).EnsureSuccessStatusCode();
            }
        }

        settings["Notifications:Storage:EncryptionKey"] = newKey;
        settings["Notifications:Storage:PreviousEncryptionKeys:0"] = oldKey;
        var maintenance = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).GetTableClient(AzureStateReencryption.MaintenanceTable);
        await using (var rotated = new SiloFactory(settings))
        {
            using var http = rotated.CreateClient();
            (await http.GetAsync("/v1/users/rosa_1")).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    return (await maintenance.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("notifications", "state-key-id")).HasValue;
                }
                catch (Azure.RequestFailedException)
                {
                    return false;
                }
            }, "the background pass to move every state under the new key", TimeSpan.FromMinutes(1));
        }

        settings.Remove("Notifications:Storage:PreviousEncryptionKeys:0");
        await using var after = new SiloFactory(settings);
        using var afterHttp = after.CreateClient();
        foreach (var user in users)
        {
            Assert.Equal($"{user}@example.org", (await afterHttp.GetFromJsonAsync<JsonElement>($"/v1/users/{user}")).GetProperty("email").GetString());
        }
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static Dictionary<string, string?> Settings(AzuriteServer azurite) => new()
    {
        ["Notifications:Storage:Provider"] = "azure",
        ["Notifications:Storage:Azure:ConnectionString"] = azurite.ConnectionString,
        ["Notifications:Storage:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
