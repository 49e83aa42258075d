using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>
/// What a cluster backend must keep across a restart: a silo accepts a notification (delivered) and one scheduled for
/// after the restart, stops, and a silo started again over the same backend reads them back, fires the scheduled one,
/// and finds the user's attributes and records.
/// </summary>
internal sealed record BackendRestart(string Delivered, string Scheduled, JsonElement ReadAgain, JsonElement Fired, JsonElement Audience, JsonElement Export)
{
    public const string Email = "kept@example.org";

    public const string Message = "Kept by the backend";

    public static async Task<BackendRestart> RunAsync(Dictionary<string, string?> settings)
    {
        string delivered, scheduled;
        await using (var first = new SiloFactory(settings))
        {
            using var http = first.CreateClient();
            (await http.PutAsJsonAsync("/v1/users/kept", new { email = Email, attributes = new { plan = "pro" } })).EnsureSuccessStatusCode();
            delivered = await http.SendNotificationAsync(new { user_id = "kept", message = Message, channel = "log" });
            scheduled = await http.SendNotificationAsync(new { user_id = "kept", message = "After the restart", channel = "log", send_at = DateTimeOffset.UtcNow.AddSeconds(6) });
            await http.WaitForStatusAsync(delivered, "delivered");
        }

        await using var second = new SiloFactory(settings);
        using var http2 = second.CreateClient();
        var readAgain = await http2.GetNotificationAsync(delivered);
        var fired = await http2.WaitForStatusAsync(scheduled, "delivered");
        var audience = await (await http2.PostAsJsonAsync("/v1/audiences/dry-run", new { filter = "plan == \"pro\"" })).Content.ReadFromJsonAsync<JsonElement>();
        var export = await http2.GetFromJsonAsync<JsonElement>("/v1/users/kept/export");
        return new BackendRestart(delivered, scheduled, readAgain, fired, audience, export);
    }

    public void AssertKept()
    {
        Assert.Equal("delivered", ReadAgain.GetProperty("status").GetString());
        Assert.Equal("After the restart", Fired.GetProperty("message").GetString());
        Assert.Equal(1, Audience.GetProperty("matched").GetInt64());
        Assert.Equal(2, Export.GetProperty("notifications").GetArrayLength());
    }
}
