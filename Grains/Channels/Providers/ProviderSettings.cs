namespace Notifications.Grains;

/// <summary>What every configured provider has, whatever its type: its name and the limits it is held to.</summary>
public class ProviderSettings
{
    /// <summary>The provider type: <c>smtp</c>, <c>sendgrid</c>, <c>acs</c>, <c>twilio</c>, <c>fcm</c>, <c>apns</c>, <c>vapid</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Unique within its route; the type by default.</summary>
    public string? Name { get; set; }

    /// <summary>Sends a second at most (0: no limit); the rest wait their turn.</summary>
    public double RatePerSecond { get; set; }

    /// <summary>Requests in flight at once at most.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Sends that may wait for <see cref="RatePerSecond"/> or <see cref="MaxConcurrency"/>; past it the next provider is tried.</summary>
    public int QueueLimit { get; set; } = 10_000;

    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
