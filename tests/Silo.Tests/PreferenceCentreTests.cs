using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class PreferenceCentreTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        (await _http.PutAsJsonAsync("/v1/categories/security", new { description = "Sign-ins and security", critical = true })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/categories/marketing", new { description = "Offers and news" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/categories/hostile", new { description = "<img src=x onerror=alert(1)>" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/users/nia", new { email = "nia@example.org" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task The_page_a_link_opens_shows_the_choices_and_saving_it_changes_what_the_next_send_does()
    {
        var link = await (await _http.PostAsync("/v1/users/nia/preferences/token", null)).Content.ReadFromJsonAsync<JsonElement>();
        var url = link.GetProperty("url").GetString()!;
        using var browser = _silo.CreateClient();
        browser.DefaultRequestHeaders.Authorization = null;

        using var page = await browser.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        using var saved = await browser.PostAsync(url, new FormUrlEncodedContent(
        [
            new("channel", "inapp"),
            new("quiet_start", "22:00"),
            new("quiet_end", "07:00"),
        ]));
        var user = await _http.GetFromJsonAsync<JsonElement>("/v1/users/nia");
        var offer = await _http.SendNotificationAsync(new { user_id = "nia", message = "20 % off", category = "marketing", channel = "inapp" });
        var offerStatus = await _http.WaitForStatusAsync(offer, "suppressed");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<label for=\"category-marketing\">Offers and news</label>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"category-security\" name=\"category\" value=\"security\" checked disabled", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // What a tenant writes is shown as text, never as markup.
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Your preferences are saved.", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(user.GetProperty("categories").GetProperty("marketing").GetBoolean());
        // Only the channels this service can send through are offered (here no email provider is configured).
        Assert.Contains("id=\"channel-inapp\" name=\"channel\" value=\"inapp\" checked", html, StringComparison.Ordinal);
        Assert.DoesNotContain("channel-email", html, StringComparison.Ordinal);
        Assert.Empty(user.GetProperty("disabled_channels").EnumerateArray());
        Assert.Equal("22:00", user.GetProperty("quiet_hours").GetProperty("start").GetString());
        Assert.Contains("'marketing'", offerStatus.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_that_is_altered_belongs_to_no_user_or_carries_bad_hours_changes_nothing()
    {
        var url = (await (await _http.PostAsync("/v1/users/nia/preferences/token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var strangerUrl = (await (await _http.PostAsync("/v1/users/nobody/preferences/token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var inboxToken = (await (await _http.PostAsync("/v1/users/nia/inbox/token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        using var altered = await _http.GetAsync(url[..^2] + (url[^2] == 'A' ? "B" : "A") + url[^1]);
        using var stranger = await _http.PostAsync(strangerUrl, new FormUrlEncodedContent([new("opted_out", "true")]));
        using var inbox = await _http.GetAsync($"/preferences/{inboxToken}");
        using var badHours = await _http.PostAsync(url, new FormUrlEncodedContent([new("quiet_start", "22:00"), new("opted_out", "true")]));
        var user = await _http.GetFromJsonAsync<JsonElement>("/v1/users/nia");
        using var nobody = await _http.GetAsync("/v1/users/nobody");

        Assert.Equal(HttpStatusCode.NotFound, altered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, inbox.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badHours.StatusCode);
        Assert.False(user.GetProperty("opted_out").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
    }

    [Fact]
    public async Task The_page_speaks_the_users_language_where_the_tenant_gave_its_texts_and_English_elsewhere()
    {
        var texts = new Dictionary<string, Dictionary<string, string>>
        {
            ["es"] = new() { ["heading"] = "Tus preferencias de notificaciones", ["category.marketing"] = "Ofertas y novedades", ["save"] = "Guardar" },
        };
        using var set = await _http.PutAsJsonAsync("/v1/settings", new { preference_centre_texts = texts });
        using var unknownKey = await _http.PutAsJsonAsync("/v1/settings", new { preference_centre_texts = new { es = new Dictionary<string, string> { ["headline"] = "x" } } });
        using var nullText = await _http.PutAsync("/v1/settings", new StringContent("""{"preference_centre_texts":{"es":{"heading":null}}}""", System.Text.Encoding.UTF8, "application/json"));
        (await _http.PutAsJsonAsync("/v1/users/leo", new { language = "es-MX" })).EnsureSuccessStatusCode();
        var url = (await (await _http.PostAsync("/v1/users/leo/preferences/token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var ninaUrl = (await (await _http.PostAsync("/v1/users/nia/preferences/token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        var spanish = await _http.GetStringAsync(url);
        var english = await _http.GetStringAsync(ninaUrl);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nullText.StatusCode);
        Assert.Contains("<html lang=\"es\">", spanish, StringComparison.Ordinal);
        Assert.Contains("<h1>Tus preferencias de notificaciones</h1>", spanish, StringComparison.Ordinal);
        Assert.Contains(">Ofertas y novedades</label>", spanish, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Guardar</button>", spanish, StringComparison.Ordinal);
        Assert.Contains("<legend>Quiet hours</legend>", spanish, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains(">Offers and news</label>", english, StringComparison.Ordinal);
    }
}
