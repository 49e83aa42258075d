using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>Makes one of each kind of resource before the fuzz, through the API, and records their ids.</summary>
public sealed class RealResourceSetup(HttpClient http, RealResources real)
{
    public async Task CreateAsync()
    {
        await MakeAsync(HttpMethod.Put, "/v1/users/fuzz-ana", new { language = "en", time_zone = "Europe/Berlin", attributes = new { plan = "pro", country = "DE" } });
        await MakeAsync(HttpMethod.Put, "/v1/users/fuzz-bo", new { webhook = new { url = FieldHints.UnreachableWebhook } });
        real.Users.AddRange(["fuzz-ana", "fuzz-bo"]);

        await MakeAsync(HttpMethod.Put, "/v1/templates/fuzz-welcome", new { locales = new { @default = new { title = "Hi", body = "Hello {{name}}" }, en = new { title = "Hi", body = "Hello {{name}}" } } });
        real.Templates.Add("fuzz-welcome");
        await MakeAsync(HttpMethod.Put, "/v1/categories/fuzz-orders", new { description = "Orders" });
        real.Categories.Add("fuzz-orders");

        real.Notifications.Add(await IdOfAsync("/v1/notifications", new { user_id = "fuzz-ana", message = "Hello", channel = "log" }));
        real.Notifications.Add(await IdOfAsync("/v1/notifications", new { user_id = "fuzz-ana", message = "In the inbox", channel = "inapp" }));
        real.Notifications.Add(await IdOfAsync("/v1/notifications", new { user_id = "fuzz-ana", message = "Later", send_at = DateTimeOffset.UtcNow.AddDays(2) }));
        var deadLetter = await IdOfAsync("/v1/notifications", new { user_id = "fuzz-bo", message = "Nobody answers", channel = "webhook" });
        real.Notifications.Add(deadLetter);

        real.Schedules.Add(await IdOfAsync("/v1/schedules", new { cron = "0 9 * * 1-5", time_zone = "Europe/Berlin", notification = new { user_id = "fuzz-ana", message = "Daily" } }));

        real.Topics.Add(await IdOfAsync("/v1/topics", new { id = "fuzz-news", name = "News", metadata = new { owner = "fuzz" } }));
        real.Topics.Add(await IdOfAsync("/v1/topics", new { id = "fuzz-plain", name = "Plain" }));
        await MakeAsync(HttpMethod.Put, "/v1/topics/fuzz-news/subscribers/fuzz-ana", new { });
        real.TopicSends.Add(await IdOfAsync("/v1/topics/fuzz-news/sends", new { message = "To all", channel = "log" }));
        real.AudienceSends.Add(await IdOfAsync("/v1/audiences/sends", new { filter = "plan == \"pro\"", notification = new { message = "For pros", channel = "log" } }));

        await MakeAsync(HttpMethod.Put, "/v1/workflows/fuzz-flow", new
        {
            events = new[] { "fuzz.happened" },
            steps = new object[] { new { id = "later", type = "delay", duration_seconds = 86_400 }, new { id = "tell", type = "send", template = "fuzz-welcome", channels = new[] { "log" } } },
        });
        real.Workflows.Add("fuzz-flow");
        using (var started = await http.PostAsJsonAsync("/v1/events", new { name = "fuzz.happened", user_id = "fuzz-ana", payload = new { name = "Ana" } }))
        {
            real.WorkflowRuns.Add((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs")[0].GetProperty("id").GetString()!);
        }

        await http.WaitForStatusAsync(deadLetter, "dead_lettered");
        real.DeadLetters.Add(deadLetter);
    }

    private async Task<string> IdOfAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"setting up the fuzz: POST {path} answered {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private async Task MakeAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"setting up the fuzz: {method} {path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
