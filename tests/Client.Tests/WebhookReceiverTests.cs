using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Notifications.Grains;
using Notifications.Testing;

namespace Notifications.Client.Tests;

/// <summary>An application's receiver, as README shows it, taking what a real silo posts to its webhook.</summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();
    private readonly string _secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly ConcurrentQueue<WebhookPayload> _received = new();
    private readonly ConcurrentQueue<EventMessage> _events = new();
    private WebApplication _app = null!;
    private int _refused;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{WebhookSink.FreePort()}");
        _app = builder.Build();
        var receiver = new WebhookReceiver(_secret);
        _app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            try
            {
                _received.Enqueue(receiver.Read(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body.ToArray()));
                return Results.NoContent();
            }
            catch (WebhookVerificationException)
            {
                Interlocked.Increment(ref _refused);
                return Results.BadRequest();
            }
        });
        _app.MapPost("/events", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            try
            {
                _events.Enqueue(receiver.ReadEvent(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body.ToArray()));
                return Results.NoContent();
            }
            catch (WebhookVerificationException)
            {
                return Results.BadRequest();
            }
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task A_receiver_reads_what_the_silo_signed_and_refuses_a_forged_or_replayed_request()
    {
        var hook = new Uri(new Uri(_app.Urls.First()), "/hooks");
        using var http = _silo.CreateClient();
        (await http.PutAsJsonAsync("/v1/users/rei", new { webhook = new { url = hook.AbsoluteUri, secret = _secret } })).EnsureSuccessStatusCode();
        var id = await http.SendNotificationAsync(new { user_id = "rei", message = "Your table is ready", title = "Table" });
        await http.WaitForStatusAsync(id, "delivered");

        using var forger = new HttpClient();
        using var forged = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent("""{"type":"notification.sent","data":{}}""") };
        forged.Headers.Add("webhook-id", "msg_forged");
        forged.Headers.Add("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        forged.Headers.Add("webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl");
        using var forgedAnswer = await forger.SendAsync(forged);
        // A request signed right, held back an hour: a receiver an hour ahead refuses it.
        WebhookSecret.TryParse(_secret, out var key);
        var body = "{}"u8.ToArray();
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var replayed = new WebhookReceiver(_secret).IsAuthentic("msg_1", hourAgo.ToString(System.Globalization.CultureInfo.InvariantCulture), WebhookSignature.Sign(key, "msg_1", hourAgo, body), body);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var changedBody = new WebhookReceiver(_secret).IsAuthentic("msg_1", now.ToString(System.Globalization.CultureInfo.InvariantCulture), WebhookSignature.Sign(key, "msg_1", now, body), "{\"a\":1}"u8);
        var farFuture = new WebhookReceiver(_secret).IsAuthentic("msg_1", "99999999999999", "v1,AAAA", body);

        var payload = Assert.Single(_received);
        Assert.Equal(id, payload.Data.NotificationId);
        Assert.Equal("rei", payload.Data.UserId);
        Assert.Equal("Your table is ready", payload.Data.Message);
        Assert.Equal(HttpStatusCode.BadRequest, forgedAnswer.StatusCode);
        Assert.Equal(1, _refused);
        Assert.False(replayed);
        Assert.False(changedBody);
        Assert.False(farFuture);
        Assert.Throws<ArgumentException>(() => new WebhookReceiver("not a secret"));
    }

    [Fact]
    public async Task A_receiver_reads_the_events_of_an_event_endpoint_and_refuses_one_that_is_not_an_event()
    {
        var endpoint = new Uri(new Uri(_app.Urls.First()), "/events");
        using var http = _silo.CreateClient();
        var created = await http.PostAsJsonAsync("/v1/event-endpoints", new { url = endpoint.AbsoluteUri, secret = _secret, types = new[] { "notification.accepted", "notification.delivered" } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        (await http.PutAsJsonAsync("/v1/users/sol", new { webhook = new { url = new Uri(new Uri(_app.Urls.First()), "/hooks").AbsoluteUri, secret = _secret } })).EnsureSuccessStatusCode();
        var id = await http.SendNotificationAsync(new { user_id = "sol", message = "Your parcel is here", category = "parcels" });
        await Eventually.TrueAsync(() => _events.Count(e => e.Data.NotificationId == id) == 2, "the accepted and delivered events");

        var (accepted, delivered) = (_events.Single(e => e.Type == "notification.accepted"), _events.Single(e => e.Type == "notification.delivered"));
        Assert.Equal("sol", delivered.Data.UserId);
        Assert.Equal("webhook", delivered.Data.Channel);
        Assert.Equal("parcels", delivered.Data.Category);
        Assert.Equal("normal", delivered.Data.Priority);
        Assert.True(delivered.Timestamp >= accepted.Timestamp);
        Assert.NotEqual(accepted.Data.EventId, delivered.Data.EventId);

        WebhookSecret.TryParse(_secret, out var key);
        var notAnEvent = "[1,2,3]"u8.ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var stamp = now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<WebhookVerificationException>(() => new WebhookReceiver(_secret).ReadEvent("evt_1", stamp, WebhookSignature.Sign(key, "evt_1", now, notAnEvent), notAnEvent));
        Assert.Throws<WebhookVerificationException>(() => new WebhookReceiver(_secret).ReadEvent("evt_1", stamp, "v1,AAAA", "{}"u8));
    }
}
