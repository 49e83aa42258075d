using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>Workflows, events and runs over HTTP, as an application that only reports events uses them.</summary>
public sealed class WorkflowApiTests() : SiloWithSink([])
{
    [Fact]
    public async Task An_event_starts_the_workflows_that_listen_to_it_once_per_idempotency_key_and_each_run_reads_step_by_step()
    {
        await PublishTemplateAsync("shipped", "Order {{payload.order_id}} shipped to {{payload.address.city}}");
        var first = await Http.PutAsJsonAsync("/v1/workflows/shipping", new
        {
            name = "Shipping",
            events = new[] { "order.shipped" },
            steps = new object[] { new { id = "tell", type = "send", template = "shipped", channels = new[] { "inapp" } } },
        });
        var second = await Http.PutAsJsonAsync("/v1/workflows/shipping", new
        {
            events = new[] { "order.shipped", "order.reshipped" },
            steps = new object[] { new { id = "tell", type = "send", template = "shipped", channels = new[] { "inapp" }, priority = "high" }, new { id = "end", type = "stop" } },
        });
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        Assert.Equal("/v1/workflows/shipping?version=2", second.Headers.Location!.OriginalString);
        Assert.Equal(1, (await Http.GetFromJsonAsync<JsonElement>("/v1/workflows/shipping?version=1")).GetProperty("version").GetInt32());
        var latest = await Http.GetFromJsonAsync<JsonElement>("/v1/workflows/shipping");
        Assert.Equal(("high", "stop"), (latest.GetProperty("steps")[0].GetProperty("priority").GetString(), latest.GetProperty("steps")[1].GetProperty("type").GetString()));
        Assert.Equal(["shipping"], (await Http.GetFromJsonAsync<JsonElement>("/v1/workflows")).GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("id").GetString()));

        var report = new { name = "order.shipped", user_ids = new[] { "ann", "bo" }, payload = new { order_id = "A-7", address = new { city = "Porto" } }, idempotency_key = "ship-A-7" };
        var accepted = await Http.PostAsJsonAsync("/v1/events", report);
        var again = await Http.PostAsJsonAsync("/v1/events", report);
        var reused = await Http.PostAsJsonAsync("/v1/events", report with { user_ids = ["ann"] });
        var unheard = await (await Http.PostAsJsonAsync("/v1/events", new { name = "order.lost", user_id = "ann" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var runs = body.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(["ann", "bo"], runs.Select(r => r.GetProperty("user_id").GetString()));
        Assert.All(runs, r => Assert.Equal(2, r.GetProperty("workflow_version").GetInt32()));
        Assert.Equal(runs.Select(r => r.GetProperty("id").GetString()), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Empty(unheard.GetProperty("runs").EnumerateArray());

        var runId = runs[0].GetProperty("id").GetString()!;
        JsonElement run = default;
        await Eventually.TrueAsync(async () => (run = await Http.GetFromJsonAsync<JsonElement>($"/v1/workflow-runs/{runId}")).GetProperty("status").GetString() == "completed", "the run to complete");
        var sent = run.GetProperty("steps")[0];
        Assert.Equal(("tell", "send", "end"), (sent.GetProperty("step_id").GetString(), sent.GetProperty("type").GetString(), run.GetProperty("steps")[1].GetProperty("step_id").GetString()));
        Assert.Equal(("order.shipped", "A-7"), (run.GetProperty("event_name").GetString(), run.GetProperty("payload").GetProperty("order_id").GetString()));
        var notification = await WaitForStatusAsync(sent.GetProperty("notification_id").GetString()!, "delivered");
        Assert.Equal("high", notification.GetProperty("priority").GetString());
        var inbox = await Http.GetFromJsonAsync<JsonElement>("/v1/users/bo/inbox");
        await Eventually.TrueAsync(async () => (inbox = await Http.GetFromJsonAsync<JsonElement>("/v1/users/bo/inbox")).GetProperty("items").GetArrayLength() == 1, "bo's message");
        Assert.Equal("Order A-7 shipped to Porto", inbox.GetProperty("items")[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/v1/workflow-runs/run_nothing")).StatusCode);
    }

    [Fact]
    public async Task An_event_about_a_topic_starts_a_run_for_each_subscriber()
    {
        await PublishTemplateAsync("changed", "{{payload.doc}} changed");
        (await Http.PutAsJsonAsync("/v1/workflows/watch", new
        {
            events = new[] { "doc.changed" },
            steps = new object[] { new { id = "tell", type = "send", template = "changed", channels = new[] { "inapp" } } },
        })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "watchers", name = "Watchers" })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics/watchers/subscribers", new { subscribers = new[] { new { user_id = "di" }, new { user_id = "ed" }, new { user_id = "flo" } } })).EnsureSuccessStatusCode();

        var accepted = await Http.PostAsJsonAsync("/v1/events", new { name = "doc.changed", topic = "watchers", payload = new { doc = "Plan" } });
        var noTopic = await Http.PostAsJsonAsync("/v1/events", new { name = "doc.changed", topic = "nobody" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var eventId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetString();
        Assert.Equal($"/v1/events/{eventId}", accepted.Headers.Location!.OriginalString);
        JsonElement fanOut = default;
        await Eventually.TrueAsync(async () => (fanOut = await Http.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}")).GetProperty("status").GetString() == "completed", "the fan-out");
        Assert.Equal(3, fanOut.GetProperty("runs_started").GetInt64());
        foreach (var user in new[] { "di", "ed", "flo" })
        {
            await Eventually.TrueAsync(async () => (await Http.GetFromJsonAsync<JsonElement>($"/v1/users/{user}/inbox")).GetProperty("items").EnumerateArray()
                .Any(i => i.GetProperty("message").GetString() == "Plan changed"), $"{user}'s message");
        }

        var edsRuns = await Http.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}/runs?user_id=ed");
        var ed = Assert.Single(edsRuns.GetProperty("runs").EnumerateArray().ToArray());
        Assert.Equal(("ed", "watch", "completed"), (ed.GetProperty("user_id").GetString(), ed.GetProperty("workflow_id").GetString(), ed.GetProperty("status").GetString()));
        Assert.Empty((await Http.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}/runs?user_id=nobody")).GetProperty("runs").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync($"/v1/events/{eventId}/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noTopic.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/v1/events/evt_0123")).StatusCode);
    }

    [Fact]
    public async Task A_dry_run_renders_each_send_and_follows_the_branches_for_the_outcomes_assumed()
    {
        await PublishTemplateAsync("alert", "Sign-in from {{payload.city}}");
        (await Http.PutAsJsonAsync("/v1/workflows/escalate", new
        {
            events = new[] { "login.suspicious" },
            steps = new object[]
            {
                new { id = "in_app", type = "send", template = "alert", channels = new[] { "inapp" } },
                new { id = "read", type = "branch", @if = "steps.in_app.opened", wait_seconds = 300, then = "done" },
                new { id = "sms", type = "send", template = "alert", channels = new[] { "webhook" } },
                new { id = "done", type = "stop" },
            },
        })).EnsureSuccessStatusCode();

        var unread = await DryRunAsync("escalate", new { user_id = "ann", payload = new { city = "Lagos" } });
        var read = await DryRunAsync("escalate", new { user_id = "ann", payload = new { city = "Lagos" }, assume = new Dictionary<string, string> { ["in_app"] = "opened" } });

        Assert.Equal(["in_app", "read", "sms", "done"], unread.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step_id").GetString()));
        Assert.Equal("Sign-in from Lagos", unread.GetProperty("steps")[2].GetProperty("rendered").GetProperty("webhook").GetProperty("body").GetString());
        Assert.Equal("condition does not hold: goes on", unread.GetProperty("steps")[1].GetProperty("outcome").GetString());
        Assert.Equal(["in_app", "read", "done"], read.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step_id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsJsonAsync("/v1/workflows/nothing/dry-run", new { user_id = "ann" })).StatusCode);
    }

    [Fact]
    public async Task A_waiting_run_can_be_cancelled_and_a_deleted_workflow_starts_no_more_runs()
    {
        await PublishTemplateAsync("nudge", "Still there?");
        (await Http.PutAsJsonAsync("/v1/workflows/nudge", new
        {
            events = new[] { "cart.abandoned" },
            steps = new object[] { new { id = "wait", type = "delay", duration_seconds = 3600 }, new { id = "nudge", type = "send", template = "nudge" } },
        })).EnsureSuccessStatusCode();
        var runId = (await (await Http.PostAsJsonAsync("/v1/events", new { name = "cart.abandoned", user_id = "cy" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs")[0].GetProperty("id").GetString();
        JsonElement waiting = default;
        await Eventually.TrueAsync(async () => (waiting = await Http.GetFromJsonAsync<JsonElement>($"/v1/workflow-runs/{runId}")).GetProperty("status").GetString() == "waiting", "the run to wait");

        var cancelled = await (await Http.PostAsync($"/v1/workflow-runs/{runId}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>();
        var deleted = await Http.DeleteAsync("/v1/workflows/nudge");
        var afterDelete = await (await Http.PostAsJsonAsync("/v1/events", new { name = "cart.abandoned", user_id = "cy" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("wait", waiting.GetProperty("current_step").GetString());
        Assert.True(waiting.GetProperty("wake_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(59));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", cancelled.GetProperty("steps")[0].GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(afterDelete.GetProperty("runs").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/v1/workflows/nudge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/v1/workflows/nudge?version=1")).StatusCode);
    }

    [Fact]
    public async Task Exporting_a_user_lists_their_runs_and_erasing_the_user_stops_them_and_erases_their_events()
    {
        await PublishTemplateAsync("secrets", "{{#each events}}{{this.secret}}{{/each}}");
        (await Http.PutAsJsonAsync("/v1/workflows/gather-secrets", new
        {
            events = new[] { "secret.shared" },
            steps = new object[] { new { id = "gather", type = "digest", window_seconds = 3600 }, new { id = "tell", type = "send", template = "secrets", channels = new[] { "inapp" } } },
        })).EnsureSuccessStatusCode();
        var runs = new List<string>();
        foreach (var secret in new[] { "s1", "s2" })
        {
            var accepted = await (await Http.PostAsJsonAsync("/v1/events", new { name = "secret.shared", user_id = "gus", payload = new { secret } })).Content.ReadFromJsonAsync<JsonElement>();
            runs.Add(accepted.GetProperty("runs")[0].GetProperty("id").GetString()!);
        }

        await Eventually.TrueAsync(async () =>
        {
            var states = await Task.WhenAll(runs.Select(id => Http.GetFromJsonAsync<JsonElement>($"/v1/workflow-runs/{id}")));
            return states.Count(s => s.GetProperty("status").GetString() == "waiting") == 1 && states.Count(s => s.GetProperty("status").GetString() == "digested") == 1;
        }, "one run to wait with the digest, the other digested into it");
        var export = await Http.GetFromJsonAsync<JsonElement>("/v1/users/gus/export");
        var deleted = await Http.DeleteAsync("/v1/users/gus");
        var after = await Task.WhenAll(runs.Select(id => Http.GetFromJsonAsync<JsonElement>($"/v1/workflow-runs/{id}")));

        Assert.Equal(["s1", "s2"], export.GetProperty("workflow_runs").EnumerateArray().Select(r => r.GetProperty("payload").GetProperty("secret").GetString()).Order());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.All(after, run => Assert.Equal("{}", run.GetProperty("payload").GetRawText()));
        Assert.Contains(after, run => run.GetProperty("status").GetString() == "cancelled" && run.GetProperty("reason").GetString() == "The user was erased.");
        Assert.DoesNotContain(after, run => run.GetProperty("status").GetString() is "waiting" or "running");
    }

    [Fact]
    public async Task Bad_workflows_and_events_are_refused_naming_each_field_and_why()
    {
        await PublishTemplateAsync("known", "Hi");
        var workflow = await ErrorsAsync(await Http.PutAsJsonAsync("/v1/workflows/Bad Id", new
        {
            events = Array.Empty<string>(),
            steps = new object[]
            {
                new { id = "a", type = "send" },
                new { id = "a", type = "send", template = "unknown", channels = new[] { "pigeon" } },
                new { id = "d", type = "delay", duration_seconds = 5, until = "payload.at" },
                new { id = "g", type = "digest", max_events = 0 },
                new { id = "b", type = "branch", @if = "steps.d.opened", then = "a", wait_seconds = -1 },
                new { id = "c", type = "branch", @if = "payload.x ==", template = "known" },
                new { id = "s", type = "stop" },
            },
        }));
        var events = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/events", new { name = "", user_id = "ann", user_ids = new[] { "bo" }, payload = new[] { 1 } }));
        var noUsers = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/events", new { name = "x", user_ids = new[] { "bo", "bo" } }));

        Assert.Contains("workflow_id", workflow.Keys);
        Assert.Contains("events", workflow.Keys);
        Assert.Contains("names its template", workflow["steps[0].template"][0]);
        Assert.Contains("publish it first", workflow["steps[1].template"][0]);
        Assert.Contains("twice", workflow["steps[1].id"][0]);
        Assert.Contains("pigeon", workflow["steps[1].channels"][0]);
        Assert.Contains("either duration_seconds or until", workflow["steps[2]"][0]);
        Assert.Contains("window", workflow["steps[3].window_seconds"][0]);
        Assert.Contains("steps[3].max_events", workflow.Keys);
        Assert.Contains("names no send before", workflow["steps[4].if"][0]);
        Assert.Contains("not a step after this one", workflow["steps[4].then"][0]);
        Assert.Contains("steps[4].wait_seconds", workflow.Keys);
        Assert.Contains("At character", workflow["steps[5].if"][0]);
        Assert.Contains("Only a send step", workflow["steps[5].template"][0]);
        Assert.DoesNotContain(workflow.Keys, k => k.StartsWith("steps[6]", StringComparison.Ordinal));
        Assert.Equal(["name", "payload", "user_id"], events.Keys.Order());
        Assert.Contains("different user ids", noUsers["user_ids"][0]);
    }

    private async Task PublishTemplateAsync(string id, string body) =>
        (await Http.PutAsJsonAsync($"/v1/templates/{id}", new { locales = new { @default = new { body } } })).EnsureSuccessStatusCode();

    private async Task<JsonElement> DryRunAsync(string workflowId, object request)
    {
        var response = await Http.PostAsJsonAsync($"/v1/workflows/{workflowId}/dry-run", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }
}
