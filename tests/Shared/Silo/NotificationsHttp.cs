using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Testing;

/// <summary>What HTTP tests of the silo do again and again: send, and wait for a notification's status.</summary>
public static class NotificationsHttp
{
    /// <summary>Sends and expects it accepted; the notification's id.</summary>
    public static async Task<string> SendNotificationAsync(this HttpClient http, object send)
    {
        var response = await http.PostAsJsonAsync("/v1/notifications", send);
        Xunit.Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static Task<JsonElement> GetNotificationAsync(this HttpClient http, string id) =>
        http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}");

    /// <summary>Waits until the notification has one of <paramref name="statuses"/>, and returns it.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient http, string id, params string[] statuses)
    {
        JsonElement notification = default;
        await Eventually.TrueAsync(
            async () =>
            {
                notification = await http.GetNotificationAsync(id);
                return Array.IndexOf(statuses, notification.GetProperty("status").GetString()) >= 0;
            },
            $"notification {id} to be {string.Join(" or ", statuses)}");
        return notification;
    }

    /// <summary>Waits until the statistics' last minute counts <paramref name="expected"/> notifications in <paramref name="status"/>; the count last read.</summary>
    public static async Task<long> WaitForLastMinuteTotalAsync(this HttpClient http, string status, long expected, string because)
    {
        long total = 0;
        await Eventually.TrueAsync(async () =>
        {
            var minute = (await http.GetFromJsonAsync<JsonElement>("/v1/stats")).GetProperty("last_minute");
            total = minute.GetProperty("totals").TryGetProperty(status, out var n) ? n.GetInt64() : 0;
            return total == expected;
        }, because);
        return total;
    }
}
