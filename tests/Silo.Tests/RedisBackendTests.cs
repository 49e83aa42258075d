using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>The cluster backend: membership, grain state and reminders in a real Redis.</summary>
public sealed class RedisBackendTests
{
    [Fact]
    public async Task On_Redis_what_was_accepted_survives_a_restart_a_scheduled_send_fires_after_it_and_nothing_is_stored_in_the_clear()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:Storage:Provider"] = "redis",
            ["Notifications:Storage:Redis:ConnectionString"] = redis.ConnectionString,
            ["Notifications:Storage:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02",
        };
        string delivered, scheduled;
        await using (var first = new SiloFactory(settings))
        {
            using var http = first.CreateClient();
            (await http.PutAsJsonAsync("/v1/users/rae", new { email = "rae@example.org", attributes = new { plan = "pro" } })).EnsureSuccessStatusCode();
            delivered = await http.SendNotificationAsync(new { user_id = "rae", message = "Stored in Redis", channel = "log" });
            scheduled = await http.SendNotificationAsync(new { user_id = "rae", message = "After the restart", channel = "log", send_at = DateTimeOffset.UtcNow.AddSeconds(6) });
            await http.WaitForStatusAsync(delivered, "delivered");
        }

        await using var second = new SiloFactory(settings);
        using var http2 = second.CreateClient();
        var readAgain = await http2.GetNotificationAsync(delivered);
        var fired = await http2.WaitForStatusAsync(scheduled, "delivered");
        var audience = await (await http2.PostAsJsonAsync("/v1/audiences/dry-run", new { filter = "plan == \"pro\"" })).Content.ReadFromJsonAsync<JsonElement>();
        var export = await http2.GetFromJsonAsync<JsonElement>("/v1/users/rae/export");
        var appendOnly = Directory.EnumerateFiles(redis.DataDirectory, "*.aof", SearchOption.AllDirectories).Select(File.ReadAllText).ToArray();

        Assert.Equal("delivered", readAgain.GetProperty("status").GetString());
        Assert.Equal("After the restart", fired.GetProperty("message").GetString());
        Assert.Equal(1, audience.GetProperty("matched").GetInt64());
        Assert.Equal(2, export.GetProperty("notifications").GetArrayLength());
        // Redis holds the notification (its key names it) and the reminder of the scheduled one, sealed.
        Assert.Contains(appendOnly, file => file.Contains(delivered, StringComparison.Ordinal) && file.Contains(scheduled, StringComparison.Ordinal));
        Assert.All(appendOnly, file => Assert.DoesNotContain("rae@example.org", file, StringComparison.Ordinal));
        Assert.All(appendOnly, file => Assert.DoesNotContain("Stored in Redis", file, StringComparison.Ordinal));
    }
}
