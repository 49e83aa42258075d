using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Testing;

/// <summary>A test class's silo, a webhook sink for its users, and an HTTP client to the silo.</summary>
public abstract class SiloWithSink(Dictionary<string, string?> settings) : IAsyncLifetime
{
    protected SiloFactory Silo { get; } = new(settings);

    protected WebhookSink Sink { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sink = await WebhookSink.StartAsync();
        Http = Silo.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Sink.DisposeAsync();
    }

    protected async Task PutUserWithWebhookAsync(string userId)
    {
        var response = await Http.PutAsJsonAsync($"/v1/users/{userId}", new { webhook = new { url = Sink.Url, secret = Sink.Secret } });
        response.EnsureSuccessStatusCode();
    }

    protected async Task<JsonElement> WaitForStatusAsync(string id, string status)
    {
        JsonElement notification = default;
        await Eventually.TrueAsync(async () =>
        {
            notification = await Http.GetFromJsonAsync<JsonElement>($"/v1/notifications/{id}");
            return notification.GetProperty("status").GetString() == status;
        }, $"notification {id} to become {status}");
        return notification;
    }
}
