using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class CategoryTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        (await _http.PutAsJsonAsync("/v1/categories/security", new { description = "Sign-ins and fraud", critical = true })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/categories/marketing", new { frequency_cap = new { limit = 2, per_seconds = 86_400 } })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_critical_category_bypasses_opt_outs_channels_turned_off_and_quiet_hours()
    {
        (await _http.PatchAsJsonAsync("/v1/users/cid/preferences", new
        {
            categories = new { security = false, news = false },
            channels = new { inapp = false },
            quiet_hours = new { start = "00:00", end = "23:59" },
        })).EnsureSuccessStatusCode();

        var security = await _http.SendNotificationAsync(new { user_id = "cid", message = "New sign-in from Lisbon", category = "security", channel = "inapp" });
        var news = await _http.SendNotificationAsync(new { user_id = "cid", message = "Our newsletter", category = "news", channel = "inapp" });
        var other = await _http.SendNotificationAsync(new { user_id = "cid", message = "Your invoice", category = "billing", channel = "inapp" });

        Assert.Equal("delivered", (await _http.WaitForStatusAsync(security, "delivered")).GetProperty("status").GetString());
        Assert.Contains("opted out", (await _http.WaitForStatusAsync(news, "suppressed")).GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.Contains("turned off", (await _http.WaitForStatusAsync(other, "suppressed")).GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_user_opted_out_of_everything_gets_only_critical_sends_and_critical_categories_until_opting_in_again()
    {
        (await _http.PatchAsJsonAsync("/v1/users/quiet/preferences", new { opted_out = true })).EnsureSuccessStatusCode();
        var user = await _http.GetFromJsonAsync<JsonElement>("/v1/users/quiet");

        var newsletter = await _http.SendNotificationAsync(new { user_id = "quiet", message = "Our newsletter", channel = "inapp" });
        var code = await _http.SendNotificationAsync(new { user_id = "quiet", message = "Your code is 123456", priority = "critical", channel = "inapp" });
        var signIn = await _http.SendNotificationAsync(new { user_id = "quiet", message = "New sign-in from Lisbon", category = "security", channel = "inapp" });
        var suppressed = await _http.WaitForStatusAsync(newsletter, "suppressed");
        await _http.WaitForStatusAsync(code, "delivered");
        await _http.WaitForStatusAsync(signIn, "delivered");
        // The original API's global switch turns it back.
        (await _http.PostAsJsonAsync("/users/quiet/preferences/update", new { preferences = new { all_notifications = true } })).EnsureSuccessStatusCode();
        var again = await _http.SendNotificationAsync(new { user_id = "quiet", message = "Our next newsletter", channel = "inapp" });
        await _http.WaitForStatusAsync(again, "delivered");

        Assert.True(user.GetProperty("opted_out").GetBoolean());
        Assert.Contains("opted out of everything but critical", suppressed.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.False((await _http.GetFromJsonAsync<JsonElement>("/v1/users/quiet")).GetProperty("opted_out").GetBoolean());
    }

    [Fact]
    public async Task A_frequency_cap_lets_a_user_get_only_so_many_of_a_category()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _http.SendNotificationAsync(new { user_id = "cap", message = $"Offer {i}", category = "marketing", channel = "inapp" }));
            await _http.WaitForStatusAsync(ids[^1], "delivered", "suppressed");
        }

        var statuses = new List<string>();
        foreach (var id in ids)
        {
            statuses.Add((await _http.GetNotificationAsync(id)).GetProperty("status").GetString()!);
        }

        var listed = await _http.GetFromJsonAsync<JsonElement>("/v1/categories");
        var invalid = await _http.PutAsJsonAsync("/v1/categories/spam", new { frequency_cap = new { limit = 0, per_seconds = 10, action = "later" } });

        Assert.Equal(["delivered", "delivered", "suppressed"], statuses);
        Assert.Equal(["marketing", "security"], listed.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.True(listed[1].GetProperty("critical").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("frequency_cap", out _));
        Assert.True(errors.TryGetProperty("frequency_cap.action", out _));
    }

    [Fact]
    public async Task A_user_can_turn_a_category_off_on_one_channel_and_keep_it_on_the_others()
    {
        (await _http.PutAsJsonAsync("/v1/users/ken", new { email = "ken@example.org" })).EnsureSuccessStatusCode();
        var set = await _http.PatchAsJsonAsync("/v1/users/ken/preferences", new { category_channels = new { marketing = new { log = false } } });
        var invalid = await _http.PatchAsJsonAsync("/v1/users/ken/preferences", new { category_channels = new { marketing = new { fax = false } } });

        var offer = await _http.SendNotificationAsync(new { user_id = "ken", message = "Offer", category = "marketing", channels = new[] { "log", "inapp" } });
        var receipt = await _http.SendNotificationAsync(new { user_id = "ken", message = "Receipt", category = "billing", channels = new[] { "log", "inapp" } });
        var offered = await _http.WaitForStatusAsync(offer, "delivered");
        var receipted = await _http.WaitForStatusAsync(receipt, "delivered");

        Assert.False((await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("category_channels").GetProperty("marketing").GetProperty("log").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("inapp", offered.GetProperty("history").EnumerateArray().Last().GetProperty("channel").GetString());
        Assert.Equal("log", receipted.GetProperty("history").EnumerateArray().Last().GetProperty("channel").GetString());
    }
}
