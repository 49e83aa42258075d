namespace Notifications.Client;

public sealed class NotificationsClientOptions
{
    public Uri BaseAddress { get; set; } = new("http://localhost:5080");

    /// <summary>The tenant's API key, sent as a bearer token; none when the service runs without keys.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How often a call is retried after a network error, a 429 or a 5xx; sends keep their idempotency key.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
