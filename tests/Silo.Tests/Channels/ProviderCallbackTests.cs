using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class ProviderCallbackTests
{
    [Fact]
    public async Task Twilio_status_callbacks_with_a_valid_signature_move_a_sent_SMS_to_delivered_failed_or_bounced()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = new SiloFactory(TwilioSettings(twilio, ("AuthToken", twilio.AuthToken)));
        var http = silo.CreateClient();
        string[] phones = ["+4915100000001", "+4915100000002", "+4915100000003"];
        var ids = new List<string>();
        foreach (var (phone, i) in phones.Select((p, i) => (p, i)))
        {
            (await http.PutAsJsonAsync($"/v1/users/u{i}", new { phone })).EnsureSuccessStatusCode();
            ids.Add(await http.SendNotificationAsync(new { user_id = $"u{i}", message = "Your code is 4711", channel = "sms" }));
        }

        foreach (var id in ids)
        {
            await http.WaitForStatusAsync(id, "sent");
        }

        var created = phones.Select(p => twilio.Created.Single(c => c.Form["To"] == p)).ToArray();
        var forged = twilio.StatusCallback(created[0], "delivered", signingToken: "not-the-auth-token");
        var forgedAnswer = await PostCallbackAsync(http, forged);
        // Signed, but about no message in particular: it could otherwise move any notification it is pointed at.
        var (url, form, _) = twilio.StatusCallback(created[0], "failed", "30008");
        form.Remove("MessageSid");
        var withoutSid = await PostCallbackAsync(http, (url, form, FakeTwilio.Signature(twilio.AuthToken, url, form)));
        var afterForgery = await http.GetNotificationAsync(ids[0]);
        var answers = new[]
        {
            await PostCallbackAsync(http, twilio.StatusCallback(created[0], "delivered")),
            await PostCallbackAsync(http, twilio.StatusCallback(created[1], "undelivered", "30003")),
            await PostCallbackAsync(http, twilio.StatusCallback(created[2], "undelivered", "30005")),
            // Repeated and late reports change nothing.
            await PostCallbackAsync(http, twilio.StatusCallback(created[0], "failed", "30008")),
        };

        Assert.Equal(HttpStatusCode.Forbidden, forgedAnswer.StatusCode);
        Assert.Equal("application/problem+json", forgedAnswer.Content.Headers.ContentType!.MediaType);
        Assert.Equal("sent", afterForgery.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, withoutSid.StatusCode);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal("delivered", (await http.GetNotificationAsync(ids[0])).GetProperty("status").GetString());
        var failed = await http.GetNotificationAsync(ids[1]);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("30003", failed.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.Equal("bounced", (await http.GetNotificationAsync(ids[2])).GetProperty("status").GetString());
        var user = await http.GetFromJsonAsync<JsonElement>("/v1/users/u2");
        Assert.Contains(user.GetProperty("unreachable").EnumerateArray(), u => u.GetProperty("address").GetString() == phones[2] && u.GetProperty("channel").GetString() == "sms");
    }

    [Fact]
    public async Task Signed_SendGrid_events_deliver_bounce_and_record_opens_and_clicks()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:Email:From"] = "news@example.com",
            ["Notifications:Providers:email:0:Type"] = "sendgrid",
            ["Notifications:Providers:email:0:BaseUrl"] = sendGrid.BaseUrl,
            ["Notifications:Providers:email:0:ApiKey"] = sendGrid.ApiKey,
            ["Notifications:Providers:email:0:WebhookVerificationKey"] = sendGrid.EventWebhookVerificationKey,
        });
        var http = silo.CreateClient();
        (await http.PutAsJsonAsync("/v1/users/amy", new { email = "amy@example.org" })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/v1/users/ben", new { email = "ben@example.org" })).EnsureSuccessStatusCode();
        var read = await http.SendNotificationAsync(new { user_id = "amy", message = "Spring sale", category = "marketing", channel = "email" });
        var bounced = await http.SendNotificationAsync(new { user_id = "ben", message = "Spring sale", category = "marketing", channel = "email" });
        await http.WaitForStatusAsync(read, "sent");
        await http.WaitForStatusAsync(bounced, "sent");
        var messageIds = sendGrid.Requests.ToDictionary(r => r.Body!["personalizations"]![0]!["custom_args"]!["notification_id"]!.GetValue<string>(), r => r.MessageId!);

        JsonObject Event(string id, string type, string email, params (string Key, string Value)[] extra)
        {
            var item = new JsonObject
            {
                ["email"] = email, ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["event"] = type,
                ["sg_event_id"] = Guid.NewGuid().ToString("N"), ["sg_message_id"] = $"{messageIds[id]}.filterdrecv-1-2-3",
                ["notification_id"] = id, ["tenant"] = "default",
            };
            foreach (var (key, value) in extra)
            {
                item[key] = value;
            }

            return item;
        }

        var events = new JsonArray(
            Event(read, "processed", "amy@example.org"),
            Event(read, "delivered", "amy@example.org", ("response", "250 OK")),
            Event(read, "open", "amy@example.org"),
            Event(read, "click", "amy@example.org", ("url", "https://shop.example.com/sale")),
            Event(bounced, "bounce", "ben@example.org", ("type", "bounce"), ("reason", "550 5.1.1 The email account does not exist")));
        var (staleBody, staleTimestamp, staleSignature) = sendGrid.SignedEvents(new JsonArray(Event(bounced, "delivered", "ben@example.org")), DateTimeOffset.UtcNow.AddMinutes(-10));
        var replayed = await PostEventsAsync(http, staleBody, staleTimestamp, staleSignature);
        var (body, timestamp, signature) = sendGrid.SignedEvents(events);
        var tampered = await PostEventsAsync(http, body.Concat("  "u8.ToArray()).ToArray(), timestamp, signature);
        var accepted = await PostEventsAsync(http, body, timestamp, signature);

        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var delivered = await http.GetNotificationAsync(read);
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(["opened", "clicked"], delivered.GetProperty("engagements").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var bounce = await http.GetNotificationAsync(bounced);
        Assert.Equal("bounced", bounce.GetProperty("status").GetString());
        Assert.Contains("does not exist", bounce.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        var ben = await http.GetFromJsonAsync<JsonElement>("/v1/users/ben");
        Assert.Contains(ben.GetProperty("unreachable").EnumerateArray(), u => u.GetProperty("address").GetString() == "ben@example.org");
    }

    [Fact]
    public async Task A_Twilio_provider_without_an_auth_token_refuses_callbacks_it_cannot_check()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = new SiloFactory(TwilioSettings(twilio, ("ApiKeySid", "SK0123456789abcdef0123456789abcdef"), ("ApiKeySecret", "api-key-secret")));
        var http = silo.CreateClient();
        const string url = "https://notify.example.com/v1/callbacks/twilio/twilio?notification_id=n1";
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" };

        // Signed with the empty key the provider has: what anyone could compute.
        var answer = await PostCallbackAsync(http, (url, form, FakeTwilio.Signature("", url, form)));

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Contains("AuthToken", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_Twilio_callback_that_is_not_a_form_is_refused_as_unsupported()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var silo = new SiloFactory(TwilioSettings(twilio, ("AuthToken", twilio.AuthToken)));
        var http = silo.CreateClient();

        var answer = await http.PostAsJsonAsync("/v1/callbacks/twilio/twilio", new { MessageSid = "SM1", MessageStatus = "delivered" });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
    }

    /// <summary>A silo with one Twilio SMS provider, its credentials given as <paramref name="credentials"/>.</summary>
    private static Dictionary<string, string?> TwilioSettings(FakeTwilio twilio, params (string Key, string Value)[] credentials)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:PublicBaseUrl"] = "https://notify.example.com",
            ["Notifications:Providers:sms:0:Type"] = "twilio",
            ["Notifications:Providers:sms:0:BaseUrl"] = twilio.BaseUrl,
            ["Notifications:Providers:sms:0:AccountSid"] = twilio.AccountSid,
            ["Notifications:Providers:sms:0:From"] = "+15005550006",
        };
        foreach (var (key, value) in credentials)
        {
            settings[$"Notifications:Providers:sms:0:{key}"] = value;
        }

        return settings;
    }

    private static async Task<HttpResponseMessage> PostCallbackAsync(HttpClient http, (string Url, Dictionary<string, string> Form, string Signature) callback)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(callback.Url).PathAndQuery) { Content = new FormUrlEncodedContent(callback.Form) };
        request.Headers.Add("X-Twilio-Signature", callback.Signature);
        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostEventsAsync(HttpClient http, byte[] body, string timestamp, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/callbacks/sendgrid/sendgrid") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature);
        return await http.SendAsync(request);
    }
}
