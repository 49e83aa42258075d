using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Grains;
using Notifications.Storage;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

// A webhook's retry ten minutes on (give or take a tenth): a failed delivery's retry does not come while a test reads it.
public sealed class TopicTests() : SiloWithSink(new() { ["Notifications:Delivery:RetrySchedules:webhook"] = "00:10:00" })
{
    [Fact]
    public async Task A_topic_is_created_as_the_original_design_has_it_and_takes_subscribers_one_by_one_and_in_bulk()
    {
        var created = await Http.PostAsJsonAsync("/v1/topics", new { id = "outages", name = "Service outages", service_type = "inapp", metadata = new { team = "sre" } });
        var again = await Http.PostAsJsonAsync("/v1/topics", new { id = "outages", name = "Again" });
        var generated = await Http.PostAsJsonAsync("/v1/topics", new { name = "Unnamed" });

        var one = await Http.PutAsJsonAsync("/v1/topics/outages/subscribers/ana", new { mode = "webhook", priority = "high" });
        var bulk = await Http.PostAsJsonAsync("/v1/topics/outages/subscribers", new { subscribers = Enumerable.Range(0, 1_000).Select(i => new { user_id = $"u{i}" }) });
        var bulk2 = await Http.PostAsJsonAsync("/v1/topics/outages/subscribers", new
        {
            subscribers = Enumerable.Range(1_000, 500).Select(i => new { user_id = $"u{i}" }).Append(new { user_id = "ana" }),
        });
        var firstPage = await Http.GetFromJsonAsync<JsonElement>("/v1/topics/outages/subscribers");
        var secondPage = await Http.GetFromJsonAsync<JsonElement>($"/v1/topics/outages/subscribers?page={firstPage.GetProperty("next").GetInt32()}");
        var gone = await Http.DeleteAsync("/v1/topics/outages/subscribers/u7");
        var goneAgain = await Http.DeleteAsync("/v1/topics/outages/subscribers/u7");
        var topic = await Http.GetFromJsonAsync<JsonElement>("/v1/topics/outages");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/v1/topics/outages", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        Assert.Equal(32, (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!.Length);
        Assert.Equal(1, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        var bulkResult = await bulk.Content.ReadFromJsonAsync<JsonElement>();
        var bulk2Result = await bulk2.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1_000, 0), (bulkResult.GetProperty("added").GetInt32(), bulkResult.GetProperty("updated").GetInt32()));
        Assert.Equal((500, 1), (bulk2Result.GetProperty("added").GetInt32(), bulk2Result.GetProperty("updated").GetInt32()));
        // Ana was set again by the bulk request without a mode: she now takes the topic's own channel.
        var ana = firstPage.GetProperty("subscribers").EnumerateArray().First();
        Assert.Equal(("ana", "default"), (ana.GetProperty("user_id").GetString(), ana.GetProperty("mode").GetString()));
        Assert.Equal(1_000, firstPage.GetProperty("subscribers").GetArrayLength());
        Assert.Equal(501, secondPage.GetProperty("subscribers").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("next").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, goneAgain.StatusCode);
        Assert.Equal(1_500, topic.GetProperty("subscriber_count").GetInt64());
        Assert.Equal(("Service outages", "inapp", "sre"), (topic.GetProperty("name").GetString(), topic.GetProperty("service_type").GetString(), topic.GetProperty("metadata").GetProperty("team").GetString()));
    }

    [Fact]
    public async Task Bad_topics_subscribers_and_sends_are_refused_naming_the_field()
    {
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "news", name = "News" })).EnsureSuccessStatusCode();

        var badTopic = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/topics", new { id = "no spaces", name = "", service_type = "pigeon", metadata = new[] { 1 } }));
        var badMode = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/topics/news/subscribers", new { subscribers = new object[] { new { user_id = "ok" }, new { user_id = "x y", mode = "fax" } } }));
        var tooMany = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/topics/news/subscribers", new { subscribers = Enumerable.Range(0, 1_001).Select(i => new { user_id = $"u{i}" }) }));
        var badSend = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/topics/news/sends", new { priority = "urgent-ish" }));
        var emptySend = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/topics/news/sends", new { title = "No message" }));
        var unknown = await Http.PostAsJsonAsync("/v1/topics/nope/sends", new { message = "Hello" });
        var unknownSubscribe = await Http.PutAsJsonAsync("/v1/topics/nope/subscribers/ana", new { });

        Assert.Equal(["id", "metadata", "name", "service_type"], badTopic.Keys.Order());
        Assert.Equal(["subscribers[1].mode", "subscribers[1].user_id"], badMode.Keys.Order());
        Assert.Contains("1000", tooMany["subscribers"][0].Replace(",", ""));
        Assert.Contains("priority", badSend.Keys.Single());
        Assert.Equal(["message"], emptySend.Keys);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSubscribe.StatusCode);
    }

    [Fact]
    public async Task A_send_fans_out_over_every_page_to_a_notification_per_subscriber_honouring_preferences()
    {
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "releases", name = "Releases", service_type = "inapp" })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics/releases/subscribers", new { subscribers = Enumerable.Range(0, 1_000).Select(i => new { user_id = $"r{i}" }) })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics/releases/subscribers", new { subscribers = Enumerable.Range(1_000, 1_000).Select(i => new { user_id = $"r{i}" }) })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics/releases/subscribers", new { subscribers = Enumerable.Range(2_000, 100).Select(i => new { user_id = $"r{i}" }) })).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync("/v1/topics/releases/subscribers/vip", new { mode = "log", priority = "critical" })).EnsureSuccessStatusCode();
        (await Http.PatchAsJsonAsync("/v1/users/r5/preferences", new { categories = new { product = false } })).EnsureSuccessStatusCode();

        var accepted = await Http.PostAsJsonAsync("/v1/topics/releases/sends", new { title = "Version 2", message = "It is out", category = "product", priority = "low" });
        var send = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var sendId = send.GetProperty("id").GetString()!;
        var done = await WaitForSendAsync("releases", sendId);
        var r1 = await RecipientAsync("releases", sendId, "r1", "delivered");
        var r2050 = await RecipientAsync("releases", sendId, "r2050", "delivered");
        var vip = await RecipientAsync("releases", sendId, "vip", "delivered");
        var optedOut = await RecipientAsync("releases", sendId, "r5", "suppressed");
        var inbox = await Http.GetFromJsonAsync<JsonElement>("/v1/users/r1/inbox");
        var listed = await Http.GetFromJsonAsync<JsonElement>("/v1/topics/releases/sends");
        var stranger = await Http.GetAsync($"/v1/topics/releases/sends/{sendId}/recipients/nobody");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/v1/topics/releases/sends/{sendId}", accepted.Headers.Location!.OriginalString);
        Assert.Equal((3, 3, 2_101L, 0L), (done.GetProperty("pages").GetInt32(), done.GetProperty("pages_done").GetInt32(), done.GetProperty("notifications").GetInt64(), done.GetProperty("skipped").GetInt64()));
        Assert.Equal(("inapp", "low", sendId), (r1.GetProperty("channel").GetString(), r1.GetProperty("priority").GetString(), r1.GetProperty("fan_out_id").GetString()));
        Assert.Equal("inapp", r2050.GetProperty("channel").GetString());
        Assert.Equal(("log", "critical"), (vip.GetProperty("channel").GetString(), vip.GetProperty("priority").GetString()));
        Assert.Contains("opted out", optedOut.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.Equal("It is out", inbox.GetProperty("items")[0].GetProperty("message").GetString());
        Assert.Equal(sendId, listed[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }

    [Fact]
    public async Task Subscribers_with_webhooks_get_a_signed_delivery_each_and_a_repeated_send_sends_nothing_twice()
    {
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "orders:eu", name = "EU orders" })).EnsureSuccessStatusCode();
        foreach (var user in new[] { "w1", "w2", "w3" })
        {
            await PutUserWithWebhookAsync(user);
            (await Http.PutAsJsonAsync($"/v1/topics/orders:eu/subscribers/{user}", new { })).EnsureSuccessStatusCode();
        }

        var first = await SendWithKeyAsync("orders:eu", "batch-7", new { message = "Shipping resumes" });
        var repeat = await SendWithKeyAsync("orders:eu", "batch-7", new { message = "Shipping resumes" });
        var conflict = await SendWithKeyAsync("orders:eu", "batch-7", new { message = "Something else" });
        var sendId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForSendAsync("orders:eu", sendId);
        var expected = new List<string>();
        foreach (var user in new[] { "w1", "w2", "w3" })
        {
            expected.Add((await Http.GetFromJsonAsync<JsonElement>($"/v1/topics/orders:eu/sends/{sendId}/recipients/{user}")).GetProperty("id").GetString()!);
        }

        await Eventually.TrueAsync(() => Task.FromResult(Sink.Accepted.Distinct().Count() == 3), "three webhook deliveries");

        Assert.Equal(sendId, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Equal(expected.Order(), Sink.Accepted.Distinct().Order());
        Assert.All(Sink.Received, r => Assert.True(r.SignatureValid));
        Assert.All(Sink.Received, r => Assert.Equal("Shipping resumes", r.Body.GetProperty("data").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_page_keeps_the_record_of_whom_it_delivered_to_and_hands_a_failed_delivery_to_a_notification_of_its_own()
    {
        // Another endpoint for the one whose delivery fails: a stray request from another test's silo cannot take its place.
        await using var failing = await WebhookSink.StartAsync();
        failing.Respond = _ => StatusCodes.Status503ServiceUnavailable;
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "status", name = "Status page" })).EnsureSuccessStatusCode();
        foreach (var user in new[] { "p1", "p2", "p3" })
        {
            await PutUserWithWebhookAsync(user);
            (await Http.PutAsJsonAsync($"/v1/topics/status/subscribers/{user}", new { })).EnsureSuccessStatusCode();
        }

        (await Http.PutAsJsonAsync("/v1/users/p3", new { webhook = new { url = failing.Url, secret = failing.Secret } })).EnsureSuccessStatusCode();
        var accepted = await Http.PostAsJsonAsync("/v1/topics/status/sends", new { message = "Degraded performance" });
        var sendId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await WaitForSendAsync("status", sendId);
        var recipients = new Dictionary<string, JsonElement>();
        foreach (var user in new[] { "p1", "p2", "p3" })
        {
            var id = (await Http.GetFromJsonAsync<JsonElement>($"/v1/topics/status/sends/{sendId}/recipients/{user}")).GetProperty("id").GetString()!;
            recipients[user] = await Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}");
        }

        var failed = recipients["p3"];
        var delivered = new[] { recipients["p1"], recipients["p2"] };
        var grains = Silo.Services.GetRequiredService<IGrainKeyCatalog>();
        var ownRecords = await grains.ListKeysAsync(NotificationGrain.GrainTypeName, NotificationGrainState.Name, sendId, afterKey: null, limit: 10);
        var readerId = recipients["p1"].GetProperty("id").GetString()!;
        var opened = await Http.PostAsJsonAsync($"/v1/notifications/{readerId}/engagements", new { user_id = "p1", action = "opened" });
        var afterOpen = await Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{readerId}");
        var unknown = await Http.GetAsync($"/v1/notifications/{sendId}00000f0123456789");

        Assert.Equal((3L, 0L), (done.GetProperty("notifications").GetInt64(), done.GetProperty("skipped").GetInt64()));
        // Only the one that must wait has a record of its own; the page's one write holds the other two.
        Assert.Equal([failed.GetProperty("id").GetString()!], ownRecords);
        Assert.All(delivered, r => Assert.Equal("delivered", r.GetProperty("status").GetString()));
        Assert.All(delivered, r => Assert.Equal(["accepted", "routing", "sending", "sent", "delivered"], r.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("status").GetString())));
        Assert.All(delivered, r => Assert.Equal((1, "webhook", sendId), (r.GetProperty("attempts").GetInt32(), r.GetProperty("channel").GetString(), r.GetProperty("fan_out_id").GetString())));
        // The failed delivery waits for its retry in a notification of its own, with the page's attempt in its history.
        Assert.Equal(("scheduled", 1), (failed.GetProperty("status").GetString(), failed.GetProperty("attempts").GetInt32()));
        Assert.Equal(["accepted", "routing", "sending", "scheduled"], failed.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Contains("503", failed.GetProperty("history")[3].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
        Assert.Equal("opened", afterOpen.GetProperty("engagements")[0].GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(delivered.Select(r => r.GetProperty("id").GetString()).Order(), Sink.Accepted.Intersect(delivered.Select(r => r.GetProperty("id").GetString()!)).Order());
        Assert.Contains(failed.GetProperty("id").GetString(), failing.Received.Select(r => r.Id));
    }

    [Fact]
    public async Task What_a_page_delivered_to_a_user_is_in_their_export_after_they_left_the_topic_and_goes_when_they_are_deleted()
    {
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "digest", name = "Digest" })).EnsureSuccessStatusCode();
        foreach (var user in new[] { "e1", "e2" })
        {
            await PutUserWithWebhookAsync(user);
            (await Http.PutAsJsonAsync($"/v1/topics/digest/subscribers/{user}", new { })).EnsureSuccessStatusCode();
        }

        var accepted = await Http.PostAsJsonAsync("/v1/topics/digest/sends", new { message = "Your weekly digest" });
        var sendId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForSendAsync("digest", sendId);
        var e1Id = (await RecipientAsync("digest", sendId, "e1", "delivered")).GetProperty("id").GetString()!;
        var e2Id = (await RecipientAsync("digest", sendId, "e2", "delivered")).GetProperty("id").GetString()!;
        // Having left the topic since, the user is still found on the page the send went over.
        (await Http.DeleteAsync("/v1/topics/digest/subscribers/e1")).EnsureSuccessStatusCode();
        var exported = await Http.GetFromJsonAsync<JsonElement>("/v1/users/e1/export");

        var deleted = await Http.DeleteAsync("/v1/users/e1");
        var exportAfter = await Http.GetAsync("/v1/users/e1/export");
        var erased = await Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{e1Id}");
        var other = await Http.GetFromJsonAsync<JsonElement>("/v1/users/e2/export");

        Assert.Equal([e1Id], exported.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal("Your weekly digest", exported.GetProperty("notifications")[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, exportAfter.StatusCode);
        Assert.Equal(("delivered", ""), (erased.GetProperty("status").GetString(), erased.GetProperty("message").GetString()));
        Assert.Equal([e2Id], other.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_templated_send_is_checked_for_the_sends_data_and_renders_each_subscribers_own_attributes()
    {
        (await Http.PutAsJsonAsync("/v1/templates/welcome", new { locales = new { @default = new { title = "Hi {{user.first_name}}", body = "Welcome to {{data.plan}}" } } })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "onboarding", name = "Onboarding", service_type = "inapp" })).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync("/v1/users/t1", new { attributes = new { first_name = "Tove" } })).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync("/v1/topics/onboarding/subscribers/t1", new { })).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync("/v1/topics/onboarding/subscribers/nameless", new { })).EnsureSuccessStatusCode();

        var missingData = await ErrorsAsync(await Http.PostAsJsonAsync("/v1/topics/onboarding/sends", new { template = "welcome" }));
        var accepted = await Http.PostAsJsonAsync("/v1/topics/onboarding/sends", new { template = "welcome", data = new { plan = "Pro" } });
        var sendId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForSendAsync("onboarding", sendId);
        await RecipientAsync("onboarding", sendId, "t1", "delivered");
        var nameless = await RecipientAsync("onboarding", sendId, "nameless", "failed");
        var inbox = await Http.GetFromJsonAsync<JsonElement>("/v1/users/t1/inbox");

        Assert.Equal(["data.plan"], missingData.Keys);
        // Never a broken message: the subscriber without the attribute gets nothing, and the history says why.
        Assert.Contains("{{user.first_name}} in its title", nameless.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.Equal(0, (await Http.GetFromJsonAsync<JsonElement>("/v1/users/nameless/inbox")).GetProperty("items").GetArrayLength());
        Assert.Equal(("Hi Tove", "Welcome to Pro"), (inbox.GetProperty("items")[0].GetProperty("title").GetString(), inbox.GetProperty("items")[0].GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_deleted_user_leaves_every_topic_and_an_unsubscribed_one_gets_nothing()
    {
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "a", name = "A", service_type = "inapp" })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "b", name = "B", service_type = "inapp" })).EnsureSuccessStatusCode();
        foreach (var (topic, user) in new[] { ("a", "del"), ("b", "del"), ("a", "stay"), ("a", "leaver") })
        {
            (await Http.PutAsJsonAsync($"/v1/topics/{topic}/subscribers/{user}", new { })).EnsureSuccessStatusCode();
        }

        (await Http.DeleteAsync("/v1/users/del")).EnsureSuccessStatusCode();
        (await Http.DeleteAsync("/v1/topics/a/subscribers/leaver")).EnsureSuccessStatusCode();
        var a = await Http.GetFromJsonAsync<JsonElement>("/v1/topics/a");
        var b = await Http.GetFromJsonAsync<JsonElement>("/v1/topics/b");
        var send = await Http.PostAsJsonAsync("/v1/topics/a/sends", new { message = "Hello" });
        var sendId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await WaitForSendAsync("a", sendId);
        var subscribers = await Http.GetFromJsonAsync<JsonElement>("/v1/topics/a/subscribers");

        Assert.Equal((1, 0), (a.GetProperty("subscriber_count").GetInt32(), b.GetProperty("subscriber_count").GetInt32()));
        Assert.Equal(1, done.GetProperty("notifications").GetInt64());
        Assert.Equal(["stay"], subscribers.GetProperty("subscribers").EnumerateArray().Select(s => s.GetProperty("user_id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/topics/a/sends/{sendId}/recipients/leaver")).StatusCode);
    }

    [Fact]
    public async Task A_deleted_topic_is_gone_at_once_its_subscribers_are_let_go_and_its_id_can_be_used_again()
    {
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "sunset", name = "Old product" })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics", new { id = "empty", name = "Nobody here" })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/v1/topics/sunset/subscribers", new { subscribers = Enumerable.Range(0, 1_000).Select(i => new { user_id = $"z{i}" }) })).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync("/v1/topics/sunset/subscribers/z1000", new { })).EnsureSuccessStatusCode();

        var deleted = await Http.DeleteAsync("/v1/topics/sunset");
        var read = await Http.GetAsync("/v1/topics/sunset");
        var subscribe = await Http.PutAsJsonAsync("/v1/topics/sunset/subscribers/late", new { });
        var send = await Http.PostAsJsonAsync("/v1/topics/sunset/sends", new { message = "Too late" });
        var emptyDeleted = await Http.DeleteAsync("/v1/topics/empty");
        var again = await Http.DeleteAsync("/v1/topics/sunset");
        await Eventually.TrueAsync(async () => (await Http.PostAsJsonAsync("/v1/topics", new { id = "sunset", name = "New product" })).StatusCode == HttpStatusCode.Created,
            "the id to be free once every subscriber is let go");
        var user = await Http.GetFromJsonAsync<JsonElement>("/v1/users/z1000");
        var reborn = await Http.GetFromJsonAsync<JsonElement>("/v1/topics/sunset");
        var listed = await Http.GetFromJsonAsync<JsonElement>("/v1/topics");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, subscribe.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, emptyDeleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty(user.GetProperty("topics").EnumerateArray());
        Assert.Equal(("New product", 0), (reborn.GetProperty("name").GetString(), reborn.GetProperty("subscriber_count").GetInt32()));
        Assert.Equal(["sunset"], listed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(string topic, string key, object send)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/topics/{topic}/sends") { Content = JsonContent.Create(send) };
        request.Headers.Add("Idempotency-Key", key);
        return await Http.SendAsync(request);
    }

    private async Task<JsonElement> WaitForSendAsync(string topic, string sendId)
    {
        JsonElement send = default;
        await Eventually.TrueAsync(async () =>
        {
            send = await Http.GetFromJsonAsync<JsonElement>($"/v1/topics/{topic}/sends/{sendId}");
            return send.GetProperty("status").GetString() == "completed";
        }, $"send {sendId} to fan out");
        return send;
    }

    private async Task<JsonElement> RecipientAsync(string topic, string sendId, string userId, string status)
    {
        var id = (await Http.GetFromJsonAsync<JsonElement>($"/v1/topics/{topic}/sends/{sendId}/recipients/{userId}")).GetProperty("id").GetString()!;
        return await Http.WaitForStatusAsync(id, status);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
