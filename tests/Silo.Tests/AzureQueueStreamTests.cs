using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>The persistent stream provider a cluster uses: Azure Queue Storage, here the emulator.</summary>
public sealed class AzureQueueStreamTests
{
    [Fact]
    public async Task On_Azure_Queue_streams_the_statistics_count_every_delivery_and_an_inbox_follower_sees_each_arrival()
    {
        await using var azurite = await AzuriteServer.StartQueuesAsync();
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:Streams:Provider"] = "azurequeue",
            ["Notifications:Streams:ConnectionString"] = azurite.ConnectionString,
        });
        using var http = silo.CreateClient();

        using var inbox = await EventStreamReader.OpenAsync(http, "/v1/users/quinn/inbox/stream");
        var snapshot = await inbox.NextAsync();
        var arriving = await http.SendNotificationAsync(new { user_id = "quinn", message = "Carried by a queue", channel = "inapp" });
        var arrival = await inbox.NextAsync();
        var logged = await http.SendNotificationAsync(new { user_id = "quinn", message = "Counted", channel = "log" });
        await http.WaitForStatusAsync(arriving, "delivered");
        await http.WaitForStatusAsync(logged, "delivered");
        JsonElement minute = default;
        await Eventually.TrueAsync(async () =>
        {
            minute = (await http.GetFromJsonAsync<JsonElement>("/v1/stats")).GetProperty("last_minute");
            return Total(minute, "delivered") == 2;
        }, "the statistics to count both deliveries");

        Assert.Equal("unread_count", snapshot.Event);
        Assert.Equal(("notification", arriving), (arrival.Event, arrival.Data.GetProperty("notification").GetProperty("notification_id").GetString()));
        Assert.Equal(2, Total(minute, "accepted"));
    }

    private static long Total(JsonElement window, string status) =>
        window.GetProperty("totals").TryGetProperty(status, out var total) ? total.GetInt64() : 0;
}
