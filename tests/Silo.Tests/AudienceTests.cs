using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class AudienceTests() : SiloWithSink([])
{
    [Fact]
    public async Task A_dry_run_counts_the_users_a_filter_matches_and_a_send_reaches_exactly_them()
    {
        foreach (var (user, country, plan) in new[] { ("ada", "DE", "pro"), ("bo", "DE", "team"), ("cy", "DE", "free"), ("di", "FR", "pro"), ("ed", "AT", "pro") })
        {
            (await Http.PutAsJsonAsync($"/v1/users/{user}", new { attributes = new { country, plan } })).EnsureSuccessStatusCode();
        }

        (await Http.PutAsJsonAsync("/v1/users/fay", new { language = "de" })).EnsureSuccessStatusCode();
        const string filter = """country == "DE" and plan in ["pro", "team"]""";

        var count = await Http.PostAsJsonAsync("/v1/audiences/dry-run", new { filter });
        var none = await (await Http.PostAsJsonAsync("/v1/audiences/dry-run", new { filter = "plan == \"enterprise\"" })).Content.ReadFromJsonAsync<JsonElement>();
        var accepted = await Http.PostAsJsonAsync("/v1/audiences/sends", new { filter, notification = new { message = "Pro features in Germany", channel = "inapp" } });
        var sendId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await WaitForSendAsync(sendId);
        var ada = await RecipientAsync(sendId, "ada");
        var bo = await RecipientAsync(sendId, "bo");
        var cy = await Http.GetAsync($"/v1/audiences/sends/{sendId}/recipients/cy");
        var adaInbox = await Http.GetFromJsonAsync<JsonElement>("/v1/users/ada/inbox");
        var diInbox = await Http.GetFromJsonAsync<JsonElement>("/v1/users/di/inbox");

        var counted = await count.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 6), (counted.GetProperty("matched").GetInt64(), counted.GetProperty("scanned").GetInt64()));
        Assert.Equal(["ada", "bo"], counted.GetProperty("sample").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(0, none.GetProperty("matched").GetInt64());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/v1/audiences/sends/{sendId}", accepted.Headers.Location!.OriginalString);
        Assert.Equal(("completed", 6L, 2L, 0L), (done.GetProperty("status").GetString(), done.GetProperty("scanned").GetInt64(), done.GetProperty("notifications").GetInt64(), done.GetProperty("skipped").GetInt64()));
        Assert.Equal(filter, done.GetProperty("filter").GetString());
        Assert.Equal((sendId, sendId), (ada.GetProperty("fan_out_id").GetString(), bo.GetProperty("fan_out_id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, cy.StatusCode);
        Assert.Equal("Pro features in Germany", adaInbox.GetProperty("items")[0].GetProperty("message").GetString());
        Assert.Equal(0, diInbox.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_audience_of_thousands_is_scanned_page_by_page_and_a_repeated_send_sends_nothing_twice()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 2_500; i++)
        {
            lines.AppendLine(JsonSerializer.Serialize(new { user_id = $"member-{i:D4}", attributes = new { even = i % 2 == 0, n = i } }));
        }

        (await Http.PostAsync("/v1/users/import", new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();

        var first = await SendWithKeyAsync("spring-sale", new { filter = "even == true and n < 2000", notification = new { message = "Spring sale", channel = "log", priority = "low" } });
        var repeat = await SendWithKeyAsync("spring-sale", new { filter = "even == true and n < 2000", notification = new { message = "Spring sale", channel = "log", priority = "low" } });
        var otherFilter = await SendWithKeyAsync("spring-sale", new { filter = "even == false", notification = new { message = "Spring sale", channel = "log", priority = "low" } });
        var sendId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await WaitForSendAsync(sendId);
        var last = await Http.WaitForStatusAsync((await RecipientAsync(sendId, "member-1998")).GetProperty("id").GetString()!, "delivered");

        Assert.Equal((2_500L, 1_000L), (done.GetProperty("scanned").GetInt64(), done.GetProperty("notifications").GetInt64()));
        Assert.Equal(sendId, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherFilter.StatusCode);
        Assert.Equal("low", last.GetProperty("priority").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/audiences/sends/{sendId}/recipients/member-0001")).StatusCode);
    }

    [Fact]
    public async Task What_an_audience_send_delivered_to_a_user_is_in_their_export_and_goes_when_they_are_deleted()
    {
        foreach (var (user, plan) in new[] { ("xa", "pro"), ("xb", "pro"), ("xc", "free") })
        {
            (await Http.PutAsJsonAsync($"/v1/users/{user}", new { attributes = new { plan } })).EnsureSuccessStatusCode();
        }

        var accepted = await Http.PostAsJsonAsync("/v1/audiences/sends", new { filter = "plan == \"pro\"", notification = new { message = "For pros", channel = "inapp" } });
        var sendId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForSendAsync(sendId);
        var xaId = (await RecipientAsync(sendId, "xa")).GetProperty("id").GetString()!;
        var xbId = (await RecipientAsync(sendId, "xb")).GetProperty("id").GetString()!;
        var exported = await Http.GetFromJsonAsync<JsonElement>("/v1/users/xa/export");
        var unmatched = await Http.GetFromJsonAsync<JsonElement>("/v1/users/xc/export");

        (await Http.DeleteAsync("/v1/users/xa")).EnsureSuccessStatusCode();
        var erased = await Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{xaId}");
        var other = await Http.GetFromJsonAsync<JsonElement>("/v1/users/xb/export");

        Assert.Equal([xaId], exported.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal("For pros", exported.GetProperty("notifications")[0].GetProperty("message").GetString());
        Assert.Equal(0, unmatched.GetProperty("notifications").GetArrayLength());
        Assert.Equal("", erased.GetProperty("message").GetString());
        Assert.Equal([xbId], other.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_bad_filter_or_notification_is_refused_naming_the_field()
    {
        var badFilter = await Http.PostAsJsonAsync("/v1/audiences/dry-run", new { filter = "country = \"DE\"" });
        var noFilter = await Http.PostAsJsonAsync("/v1/audiences/dry-run", new { });
        var badSend = await Http.PostAsJsonAsync("/v1/audiences/sends", new { filter = "plan in pro", notification = new { title = "No message", channel = "fax" } });
        var noNotification = await Http.PostAsJsonAsync("/v1/audiences/sends", new { filter = "plan exists" });

        Assert.Contains("At character 9: expected ==", (await ErrorsAsync(badFilter))["filter"][0]);
        Assert.Contains("required", (await ErrorsAsync(noFilter))["filter"][0]);
        Assert.Equal(["filter", "notification.channel", "notification.message"], (await ErrorsAsync(badSend)).Keys.Order());
        Assert.Equal(["notification"], (await ErrorsAsync(noNotification)).Keys);
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(string key, object send)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audiences/sends") { Content = JsonContent.Create(send) };
        request.Headers.Add("Idempotency-Key", key);
        return await Http.SendAsync(request);
    }

    private async Task<JsonElement> WaitForSendAsync(string sendId)
    {
        JsonElement send = default;
        await Eventually.TrueAsync(async () =>
        {
            send = await Http.GetFromJsonAsync<JsonElement>($"/v1/audiences/sends/{sendId}");
            return send.GetProperty("status").GetString() == "completed";
        }, $"send {sendId} to go through the audience");
        return send;
    }

    private async Task<JsonElement> RecipientAsync(string sendId, string userId) =>
        await Http.GetFromJsonAsync<JsonElement>($"/v1/audiences/sends/{sendId}/recipients/{userId}");

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
