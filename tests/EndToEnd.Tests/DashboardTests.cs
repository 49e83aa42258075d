using System.Net.Http.Json;
using Microsoft.Playwright;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.EndToEnd.Tests;

public sealed class DashboardTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _data = Directory.CreateTempSubdirectory("dashboard-").FullName;

    [Fact]
    public async Task The_dashboard_shows_live_figures_in_headless_Chromium_and_they_change_while_notifications_are_sent()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (test.sh installs it).");
        await using var silo = await SiloProcess.StartAsync(_data, WebhookSink.FreePort());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await using var gone = await WebhookSink.StartAsync();
        gone.Respond = _ => 410;
        using var setup = new HttpClient { BaseAddress = silo.BaseAddress };
        (await setup.PutAsJsonAsync("v1/users/d-gone", new { webhook = new { url = gone.Url, secret = gone.Secret } })).EnsureSuccessStatusCode();

        var opened = await page.GotoAsync(silo.BaseAddress.AbsoluteUri);
        var policy = (await opened!.AllHeadersAsync())["content-security-policy"];
        await page.WaitForFunctionAsync("() => document.getElementById('connection').textContent === 'live' && document.getElementById('tile-accepted').textContent !== '–'");
        var before = await page.InnerTextAsync("#tile-accepted");

        // While the test sends, it watches the accepted figure: the page must move with the sends, not only end right.
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        var seen = new List<string>();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                (await http.PostAsJsonAsync("v1/notifications", new { user_id = $"d{i % 5}", message = $"Dashboard {i}", priority = i % 10 == 0 ? "critical" : "normal", category = "news" })).EnsureSuccessStatusCode();
                await Task.Delay(100);
            }
        });
        while (!sending.IsCompleted)
        {
            seen.Add(await page.InnerTextAsync("#tile-accepted"));
            await Task.Delay(250);
        }

        await sending;
        (await http.PostAsJsonAsync("v1/notifications", new { user_id = "d-gone", message = "Nobody home" })).EnsureSuccessStatusCode();
        await page.WaitForFunctionAsync("() => document.getElementById('tile-delivered').textContent === '30' && document.getElementById('tile-failed').textContent === '1'", null, new() { Timeout = 30_000 });
        var deliveredPath = await page.GetAttributeAsync("#chart-rate path[data-series='delivered']", "d");
        var barWidth = await page.EvalOnSelectorAsync<string>("#failures .bar", "bar => bar.style.width");
        var newsRow = await page.InnerTextAsync("#categories");
        var screenshot = Path.Combine(Environment.GetEnvironmentVariable("NOTIFICATIONS_TEST_REPORTS") ?? AppContext.BaseDirectory, "dashboard.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"accepted as the test saw it: {string.Join(", ", seen.Distinct())}; screenshot {screenshot}");

        Assert.Equal("0", before);
        var figures = seen.Distinct().Select(int.Parse).ToArray();
        Assert.True(figures.Count(f => f is > 0 and < 30) >= 2, $"the figure moved while sending: {string.Join(", ", figures)}");
        Assert.Equal(figures.Order(), figures);
        Assert.Equal("31", await page.InnerTextAsync("#tile-accepted"));
        Assert.Contains("news", newsRow);
        Assert.Contains("webhook", await page.InnerTextAsync("#failures-legend"));
        Assert.Contains("webhook", await page.InnerTextAsync("#failures"));
        // The chart's line rises off the floor somewhere: a point above the bottom edge of the drawing.
        Assert.Contains(deliveredPath!.Split('L', 'M').Where(p => p.Length > 0), point => double.Parse(point.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) < 150);
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        Assert.Equal("100%", barWidth);
        // Only the page's own script and style, by nonce: an inline style or script left in it would be refused, and
        // Chromium says so on the console, which must stay empty.
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'nonce-", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_person_changes_their_preferences_in_headless_Chromium_with_the_keyboard_and_the_next_send_obeys()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (test.sh installs it).");
        await using var silo = await SiloProcess.StartAsync(_data, WebhookSink.FreePort());
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        (await http.PutAsJsonAsync("v1/categories/marketing", new { description = "Offers and news" })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("v1/categories/security", new { description = "Sign-ins and security", critical = true })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("v1/users/pia", new { language = "en" })).EnsureSuccessStatusCode();
        var link = await (await http.PostAsync("v1/users/pia/preferences/token", null)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(silo.BaseAddress, link.GetProperty("url").GetString()).AbsoluteUri);
        // By the keyboard alone, through the labels a screen reader reads: turn offers off, then save.
        await page.GetByLabel("Offers and news").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my preferences" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var status = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var offersAfter = await page.GetByLabel("Offers and news").IsCheckedAsync();
        var securityLocked = await page.GetByLabel("Sign-ins and security").IsDisabledAsync();
        var offer = await http.SendNotificationAsync(new { user_id = "pia", message = "20 % off", category = "marketing", channel = "inapp" });
        var alert = await http.SendNotificationAsync(new { user_id = "pia", message = "New sign-in", category = "security", channel = "inapp" });

        Assert.Equal("Your preferences are saved.", status);
        Assert.False(offersAfter);
        Assert.True(securityLocked);
        await http.WaitForStatusAsync(offer, "suppressed");
        await http.WaitForStatusAsync(alert, "delivered");
        // Its policy lets the page have its own style and post to itself: anything else would show on the console.
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_message_log_page_filters_and_opens_a_notifications_timeline_in_headless_Chromium()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (test.sh installs it).");
        await using var silo = await SiloProcess.StartAsync(_data, WebhookSink.FreePort());
        await using var sink = await WebhookSink.StartAsync();
        await using var gone = await WebhookSink.StartAsync();
        gone.Respond = _ => 410;
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        (await http.PutAsJsonAsync("v1/users/lia", new { webhook = new { url = sink.Url, secret = sink.Secret } })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("v1/users/max", new { webhook = new { url = gone.Url, secret = gone.Secret } })).EnsureSuccessStatusCode();
        var delivered = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            delivered.Add(await http.SendNotificationAsync(new { user_id = "lia", message = $"Parcel {i}", category = "parcels" }));
        }

        var failed = await http.SendNotificationAsync(new { user_id = "max", message = "Nobody home", category = "parcels" });
        await http.WaitForStatusAsync(failed, "failed");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(silo.BaseAddress.AbsoluteUri);
        await page.GetByRole(AriaRole.Link, new() { Name = "Message log" }).ClickAsync();
        // The log follows the steps a second or so behind: search again until all six are there, finished.
        await Eventually.TrueAsync(async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await page.WaitForTimeoutAsync(300);
            var statuses = await page.Locator("#log-results tbody td.status").AllInnerTextsAsync();
            return statuses.Count == 6 && statuses.Count(s => s == "delivered") == 5 && statuses.Contains("failed");
        }, "the log page to list the six notifications", TimeSpan.FromSeconds(30));
        var listed = await page.Locator("#log-results tbody button.open").AllInnerTextsAsync();

        // Filter by the keyboard: the status, then Enter in the user field submits the search.
        await page.GetByLabel("Status").SelectOptionAsync("failed");
        await page.GetByLabel("User").FillAsync("max");
        await page.GetByLabel("User").PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#log-results tbody tr').length === 1");
        var onlyFailed = await page.Locator("#log-results tbody button.open").AllInnerTextsAsync();
        await page.Locator("#log-results tbody button.open").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#log-detail:not([hidden])");
        var timeline = await page.InnerTextAsync("#detail-timeline");
        var summary = await page.InnerTextAsync("#detail-summary");

        Assert.Equal(delivered.Append(failed).Reverse(), listed);
        Assert.Equal([failed], onlyFailed);
        Assert.Contains("accepted", timeline);
        Assert.Contains("sending", timeline);
        Assert.Contains("failed", timeline);
        Assert.Contains("410", timeline);
        Assert.Contains("Nobody home", summary);
        Assert.Equal(failed, await page.TextContentAsync("#detail-id"));
        Assert.Empty(errors);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
