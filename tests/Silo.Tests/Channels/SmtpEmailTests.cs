using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class SmtpEmailTests : IAsyncLifetime
{
    private const string SmtpUser = "notifications";
    private const string SmtpPassword = "smtp-secret-4711";

    private MailDevServer _smtp = null!;
    private SiloFactory _silo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _smtp = await MailDevServer.StartAsync(SmtpUser, SmtpPassword);
        _silo = new SiloFactory(Settings(_smtp.SmtpPort, SmtpPassword));
        _http = _silo.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Bulk_mail_reaches_a_real_SMTP_server_with_text_html_and_one_click_unsubscribe_that_works()
    {
        (await _http.PutAsJsonAsync("/v1/users/ada", new { email = "ada@example.org" })).EnsureSuccessStatusCode();

        var send = await _http.PostAsJsonAsync("/v1/notifications", new
        {
            user_id = "ada",
            title = "Winter sale: 20 % off",
            message = "Dear Ada,\n\nour <winter> sale starts today & ends Sunday.",
            category = "marketing",
            channel = "email",
        });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var sent = await WaitForStatusAsync(id, "sent");
        JsonElement message = default;
        await Eventually.TrueAsync(async () => (await _smtp.MessagesAsync()) is [var only] && (message = only).ValueKind == JsonValueKind.Object, "the message at the SMTP server");
        var source = await _smtp.SourceAsync(message.GetProperty("id").GetString()!);

        Assert.Equal("smtp", sent.GetProperty("provider").GetString());
        Assert.Equal("Winter sale: 20 % off", message.GetProperty("subject").GetString());
        Assert.Equal("ada@example.org", message.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal("alerts@example.com", message.GetProperty("from")[0].GetProperty("address").GetString());
        Assert.Equal("Example Alerts", message.GetProperty("from")[0].GetProperty("name").GetString());
        Assert.Contains("our <winter> sale starts today & ends Sunday.", message.GetProperty("text").GetString());
        Assert.Contains("<h1>Winter sale: 20 % off</h1>", message.GetProperty("html").GetString());
        Assert.Contains("our &lt;winter&gt; sale starts today &amp; ends Sunday.", message.GetProperty("html").GetString());
        Assert.Contains("multipart/alternative", source);
        var headers = await _smtp.HeadersAsync(message.GetProperty("id").GetString()!);
        Assert.Equal($"<{id}@example.com>", headers["Message-ID"]);
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        var unsubscribe = headers["List-Unsubscribe"];
        Assert.Matches("^<https://notify\\.example\\.com/u/[A-Za-z0-9_.-]+>, <mailto:unsubscribe@example\\.com\\?subject=unsubscribe>$", unsubscribe);

        // RFC 8058: a GET (a scanner's prefetch) changes nothing; the one-click POST unsubscribes at once.
        var path = new Uri(unsubscribe[1..unsubscribe.IndexOf('>')]).AbsolutePath;
        var page = await _http.GetAsync(path);
        var afterGet = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ada");
        var post = await _http.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var afterPost = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ada");
        var unsubscribedFrom = await _http.GetNotificationAsync(id);
        var forged = await _http.PostAsync(path[..^2] + "xx", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        // Erased since, the user is not made again by a link from an old mail.
        (await _http.DeleteAsync("/v1/users/ada")).EnsureSuccessStatusCode();
        var afterErasure = await _http.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var erased = await _http.GetAsync("/v1/users/ada");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync());
        Assert.Equal("default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(afterGet.GetProperty("categories").TryGetProperty("marketing", out _));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.False(afterPost.GetProperty("categories").GetProperty("marketing").GetBoolean());
        // The link is tied to the message it came in: the unsubscribe is that message's engagement.
        Assert.Contains("unsubscribed", unsubscribedFrom.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterErasure.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, erased.StatusCode);
    }

    [Fact]
    public async Task Opens_and_clicks_come_back_through_signed_links_and_mark_the_mail_delivered()
    {
        (await _http.PutAsJsonAsync("/v1/users/dot", new { email = "dot@example.org" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/templates/sale", new
        {
            locales = new { @default = new { body = "Our sale", html = "<html><body><p><a href=\"https://shop.example.com/sale?a=1&amp;b=2\">Sale</a> or <a href='mailto:help@example.com'>write to us</a></p></body></html>" } },
        })).EnsureSuccessStatusCode();
        var id = await _http.SendNotificationAsync(new { user_id = "dot", template = "sale", channel = "email" });
        await WaitForStatusAsync(id, "sent");
        var message = (await _smtp.MessagesAsync()).Single(m => m.GetProperty("to")[0].GetProperty("address").GetString() == "dot@example.org");
        var html = message.GetProperty("html").GetString()!;
        var pixel = System.Text.RegularExpressions.Regex.Match(html, "<img src=\"https://notify\\.example\\.com(?<path>/t/o/[^\"]+)\" width=\"1\" height=\"1\"").Groups["path"].Value;
        var click = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"https://notify\\.example\\.com(?<path>/t/c/[^\"]+)\">Sale</a>").Groups["path"].Value;
        using var browser = _silo.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var opened = await browser.GetAsync(pixel);
        var clicked = await browser.GetAsync(click);
        var forged = await browser.GetAsync(click[..^2] + (click.EndsWith("AA") ? "BB" : "AA"));
        var notification = await WaitForStatusAsync(id, "delivered");

        Assert.Contains("href='mailto:help@example.com'", html);
        Assert.Equal((HttpStatusCode.OK, "image/gif"), (opened.StatusCode, opened.Content.Headers.ContentType!.MediaType));
        Assert.Equal(HttpStatusCode.Redirect, clicked.StatusCode);
        Assert.Equal("https://shop.example.com/sale?a=1&b=2", clicked.Headers.Location!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal("The recipient opened it.", notification.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.Equal(["opened", "clicked"], notification.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_tenant_that_names_its_redirect_domains_gets_click_redirects_to_those_only()
    {
        (await _http.PutAsJsonAsync("/v1/users/eve", new { email = "eve@example.org" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/templates/links", new
        {
            locales = new { @default = new { body = "Links", html = "<html><body><a href=\"https://shop.example.com/a\">Shop</a> <a href=\"https://elsewhere.test/b\">Elsewhere</a></body></html>" } },
        })).EnsureSuccessStatusCode();
        using var browser = _silo.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var before = await SentHtmlAsync(await _http.SendNotificationAsync(new { user_id = "eve", template = "links", channel = "email" }), nth: 1);

        using var set = await _http.PutAsJsonAsync("/v1/settings", new { redirect_domains = new[] { "Example.COM" } });
        using var bad = await _http.PutAsJsonAsync("/v1/settings", new { redirect_domains = new[] { "https://example.com/path" } });
        var after = await SentHtmlAsync(await _http.SendNotificationAsync(new { user_id = "eve", template = "links", channel = "email" }), nth: 2);
        using var toShop = await browser.GetAsync(ClickPath(before, "Shop"));
        using var toElsewhere = await browser.GetAsync(ClickPath(before, "Elsewhere"));
        await _http.PutAsJsonAsync("/v1/settings", new { redirect_domains = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(["example.com"], (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redirect_domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("redirect_domains[0]", out _));
        Assert.Equal((HttpStatusCode.Redirect, "https://shop.example.com/a"), (toShop.StatusCode, toShop.Headers.Location!.AbsoluteUri));
        Assert.Equal(HttpStatusCode.NotFound, toElsewhere.StatusCode);
        // Sent after the setting, a link elsewhere is left as it was written; the allowed one is still tracked.
        Assert.Contains("<a href=\"https://elsewhere.test/b\">Elsewhere</a>", after);
        Assert.NotEmpty(ClickPath(after, "Shop"));
    }

    /// <summary>The html of the <paramref name="nth"/> mail (from 1) to eve, once the SMTP server has it.</summary>
    private async Task<string> SentHtmlAsync(string id, int nth)
    {
        await WaitForStatusAsync(id, "sent");
        IReadOnlyList<JsonElement> toEve = [];
        await Eventually.TrueAsync(async () => (toEve = [.. (await _smtp.MessagesAsync()).Where(m => m.GetProperty("to")[0].GetProperty("address").GetString() == "eve@example.org")]).Count >= nth, "the message at the SMTP server");
        return toEve[nth - 1].GetProperty("html").GetString()!;
    }

    private static string ClickPath(string html, string text) =>
        System.Text.RegularExpressions.Regex.Match(html, $"<a href=\"https://notify\\.example\\.com(?<path>/t/c/[^\"]+)\">{text}</a>").Groups["path"].Value;

    [Fact]
    public async Task A_line_break_that_a_templates_data_puts_in_the_subject_cannot_add_a_header()
    {
        (await _http.PutAsJsonAsync("/v1/users/cid", new { email = "cid@example.org" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/templates/receipt", new { locales = new { @default = new { title = "Receipt {{data.order}}", body = "Thanks." } } })).EnsureSuccessStatusCode();

        var send = await _http.PostAsJsonAsync("/v1/notifications", new { user_id = "cid", template = "receipt", data = new { order = "17\r\nBcc: everyone@example.com" }, channel = "email" });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(id, "sent");
        var message = (await _smtp.MessagesAsync()).Single(m => m.GetProperty("to")[0].GetProperty("address").GetString() == "cid@example.org");
        var headers = await _smtp.HeadersAsync(message.GetProperty("id").GetString()!);

        Assert.Equal("Receipt 17  Bcc: everyone@example.com", message.GetProperty("subject").GetString());
        Assert.False(headers.ContainsKey("Bcc"));
    }

    [Fact]
    public async Task Transactional_mail_carries_no_unsubscribe_headers_but_a_link_to_the_preference_centre()
    {
        (await _http.PutAsJsonAsync("/v1/users/bob", new { email = "bob@example.org" })).EnsureSuccessStatusCode();

        var send = await _http.PostAsJsonAsync("/v1/notifications", new { user_id = "bob", message = "Your order has shipped.", category = "orders", channel = "email" });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(id, "sent");
        var message = (await _smtp.MessagesAsync()).Single(m => m.GetProperty("to")[0].GetProperty("address").GetString() == "bob@example.org");

        var footer = System.Text.RegularExpressions.Regex.Match(message.GetProperty("html").GetString()!, "<a href=\"(https://notify\\.example\\.com/preferences/[^\"]+)\">Manage your notification preferences</a></p></body>");
        using var centre = await _http.GetAsync(new Uri(footer.Groups[1].Value).AbsolutePath);

        Assert.Equal("Your order has shipped.", message.GetProperty("subject").GetString());
        var headers = await _smtp.HeadersAsync(message.GetProperty("id").GetString()!);
        Assert.False(headers.ContainsKey("List-Unsubscribe"));
        Assert.True(headers.ContainsKey("Message-ID"));
        Assert.True(footer.Success, message.GetProperty("html").GetString());
        Assert.Contains($"Manage your notification preferences: {footer.Groups[1].Value}", message.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, centre.StatusCode);
    }

    [Fact]
    public async Task Wrong_SMTP_credentials_are_a_configuration_error_that_is_not_retried()
    {
        await using var silo = new SiloFactory(Settings(_smtp.SmtpPort, "wrong-password"));
        var http = silo.CreateClient();
        (await http.PutAsJsonAsync("/v1/users/cy", new { email = "cy@example.org" })).EnsureSuccessStatusCode();

        var send = await http.PostAsJsonAsync("/v1/notifications", new { user_id = "cy", message = "Hello", channel = "email" });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement notification = default;
        await Eventually.TrueAsync(async () => (notification = await http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}")).GetProperty("status").GetString() == "dead_lettered", "a dead letter");

        Assert.Equal(1, notification.GetProperty("attempts").GetInt32());
        Assert.Contains("smtp answered 5", notification.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.DoesNotContain("wrong-password", notification.GetRawText());
    }

    private async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        JsonElement notification = default;
        await Eventually.TrueAsync(async () => (notification = await _http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}")).GetProperty("status").GetString() == status, $"{id} to be {status}");
        return notification;
    }

    internal static Dictionary<string, string?> Settings(int smtpPort, string password) => new()
    {
        ["Notifications:PublicBaseUrl"] = "https://notify.example.com",
        ["Notifications:Email:From"] = "alerts@example.com",
        ["Notifications:Email:FromName"] = "Example Alerts",
        ["Notifications:Email:UnsubscribeMailto"] = "unsubscribe@example.com",
        ["Notifications:Providers:email:0:Type"] = "smtp",
        ["Notifications:Providers:email:0:Host"] = "127.0.0.1",
        ["Notifications:Providers:email:0:Port"] = $"{smtpPort}",
        ["Notifications:Providers:email:0:StartTls"] = "false",
        ["Notifications:Providers:email:0:UserName"] = SmtpUser,
        ["Notifications:Providers:email:0:Password"] = password,
    };
}
