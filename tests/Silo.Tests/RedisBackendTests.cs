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
        var settings = Settings(redis);
        settings["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02";
        var kept = await BackendRestart.RunAsync(settings);
        var appendOnly = Directory.EnumerateFiles(redis.DataDirectory, "*.aof", SearchOption.AllDirectories).Select(File.ReadAllText).ToArray();

        kept.AssertKept();
        // Redis holds the notification (its key names it) and the reminder of the scheduled one, sealed.
        Assert.Contains(appendOnly, file => file.Contains(kept.Delivered, StringComparison.Ordinal) && file.Contains(kept.Scheduled, StringComparison.Ordinal));
        Assert.All(appendOnly, file => Assert.DoesNotContain(BackendRestart.Email, file, StringComparison.Ordinal));
        Assert.All(appendOnly, file => Assert.DoesNotContain(BackendRestart.Message, file, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_silos_on_one_Redis_are_one_service_what_one_accepts_the_other_reads_and_counts()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = Settings(redis);
        await using var siloA = new SiloFactory(settings);
        await using var siloB = new SiloFactory(settings);
        using var a = siloA.CreateClient();
        using var b = siloB.CreateClient();

        (await a.PutAsJsonAsync("/v1/users/sam", new { language = "en", attributes = new { plan = "team" } })).EnsureSuccessStatusCode();
        var sent = await a.SendNotificationAsync(new { user_id = "sam", message = "Accepted by A", channel = "log" });
        var seenByB = await b.WaitForStatusAsync(sent, "delivered");
        var userOnB = await b.GetFromJsonAsync<JsonElement>("/v1/users/sam");
        var audienceOnB = await (await b.PostAsJsonAsync("/v1/audiences/dry-run", new { filter = "plan == \"team\"" })).Content.ReadFromJsonAsync<JsonElement>();
        // An inbox followed on B sees what A delivers (A's front door placed the notification on A).
        using var inboxOnB = await EventStreamReader.OpenAsync(b, "/v1/users/sam/inbox/stream");
        var snapshot = await inboxOnB.NextAsync();
        var arriving = await a.SendNotificationAsync(new { user_id = "sam", message = "Into the inbox on A", channel = "inapp" });
        var arrival = await inboxOnB.NextAsync();
        var deliveredOnB = await b.WaitForLastMinuteTotalAsync("delivered", 2, "silo B's statistics to count the deliveries silo A's notifications made");

        var readyWhileUp = await b.GetAsync("/health/ready");

        Assert.Equal("Accepted by A", seenByB.GetProperty("message").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, readyWhileUp.StatusCode);
        Assert.Equal("en", userOnB.GetProperty("language").GetString());
        Assert.Equal(1, audienceOnB.GetProperty("matched").GetInt64());
        Assert.Equal("unread_count", snapshot.Event);
        Assert.Equal(("notification", arriving), (arrival.Event, arrival.Data.GetProperty("notification").GetProperty("notification_id").GetString()));
        Assert.Equal(2, deliveredOnB);
    }

    [Fact]
    public async Task On_Redis_a_new_master_key_takes_every_state_over_in_the_background_so_the_replaced_key_can_go()
    {
        await using var redis = await RedisServer.StartAsync();
        var oldKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var settings = Settings(redis);
        settings["Notifications:Storage:EncryptionKey"] = oldKey;
        await using (var before = new SiloFactory(settings))
        {
            using var http = before.CreateClient();
            (await http.PutAsJsonAsync("/v1/users/rosa", new { email = "rosa@example.org" })).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync("/v1/users/ines", new { email = "ines@example.org" })).EnsureSuccessStatusCode();
        }

        settings["Notifications:Storage:EncryptionKey"] = newKey;
        settings["Notifications:Storage:PreviousEncryptionKeys:0"] = oldKey;
        await using (var rotated = new SiloFactory(settings))
        {
            using var http = rotated.CreateClient();
            (await http.GetAsync("/v1/users/rosa")).EnsureSuccessStatusCode();
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var server = connection.GetServers()[0];
            await Eventually.TrueAsync(() => Task.FromResult(server.Keys(pattern: "*/meta/state-key-id").Any()), "the background pass to move every state under the new key", TimeSpan.FromMinutes(1));
        }

        settings.Remove("Notifications:Storage:PreviousEncryptionKeys:0");
        await using var after = new SiloFactory(settings);
        using var afterHttp = after.CreateClient();
        var read = await afterHttp.GetFromJsonAsync<JsonElement>("/v1/users/rosa");
        var neverRead = await afterHttp.GetFromJsonAsync<JsonElement>("/v1/users/ines");

        Assert.Equal("rosa@example.org", read.GetProperty("email").GetString());
        Assert.Equal("ines@example.org", neverRead.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Readiness_fails_while_Redis_does_not_answer()
    {
        // Checked on the health check itself: silos whose Redis is gone take minutes to shut down.
        await using var health = new RedisStorageHealth(StackExchange.Redis.ConfigurationOptions.Parse($"127.0.0.1:{WebhookSink.FreePort()},connectTimeout=500"));
        var check = new StorageHealthCheck(health);

        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
    }

    private static Dictionary<string, string?> Settings(RedisServer redis) => new()
    {
        ["Notifications:Storage:Provider"] = "redis",
        ["Notifications:Storage:Redis:ConnectionString"] = redis.ConnectionString,
        ["Notifications:Storage:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };
}
