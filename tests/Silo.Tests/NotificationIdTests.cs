using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Grains;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class NotificationIdTests
{
    [Fact]
    public async Task A_keyed_notifications_id_cannot_be_computed_from_its_tenant_and_key()
    {
        await using var silo = new SiloFactory();
        using var http = silo.CreateClient();

        var id = await SendKeyedAsync(http, "order-1234-shipped", "Your order has shipped");
        var again = await SendKeyedAsync(http, "order-1234-shipped", "Your order has shipped");
        var progress = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IMigrationProgressGrain>(NotificationIds.MigrationName).GetAsync();

        Assert.Equal(id, again);
        Assert.NotEqual(LegacyId("default", "order-1234-shipped"), id);
        Assert.Matches("^[0-9a-f]{32}$", id);
        // A store that held nothing before never looks for old ids.
        Assert.Equal((true, (DateTimeOffset?)null), (progress.Done, progress.Until));
    }

    [Fact]
    public async Task After_an_upgrade_a_keyed_send_meets_the_notification_an_earlier_build_accepted_under_the_old_id()
    {
        await using var silo = new SiloFactory();
        using var http = silo.CreateClient();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        // What an earlier build left: a notification stored, and one accepted under the old id of a key.
        await http.SendNotificationAsync(new { user_id = "ana", message = "Stored before the upgrade", channel = "log" });
        var legacyId = LegacyId("default", "order-77");
        await grains.GetGrain<INotificationGrain>(legacyId).AcceptAsync(new NotificationRequest("default", "ana", "Order 77 shipped", Channel: "log"), "hash-of-the-first-body");

        using var retried = await PostKeyedAsync(http, "order-77", "Order 77 shipped, again");
        var progress = await grains.GetGrain<IMigrationProgressGrain>(NotificationIds.MigrationName).GetAsync();

        // The same key with another body than the first send's: the old notification was found, not a new one made.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retried.StatusCode);
        Assert.InRange(progress.Until!.Value, DateTimeOffset.UtcNow + NotificationIds.LegacyWindow - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow + NotificationIds.LegacyWindow);
    }

    private static async Task<string> SendKeyedAsync(HttpClient http, string key, string message)
    {
        using var response = await PostKeyedAsync(http, key, message);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<HttpResponseMessage> PostKeyedAsync(HttpClient http, string key, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications") { Content = JsonContent.Create(new { user_id = "ana", message, channel = "log" }) };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    /// <summary>How builds before HMAC ids named a keyed notification.</summary>
    private static string LegacyId(string tenant, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{key}")))[..32];
}
