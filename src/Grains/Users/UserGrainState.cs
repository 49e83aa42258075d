namespace Notifications.Grains;

public sealed class UserGrainState
{
    public string? Language { get; set; }

    public WebhookEndpoint? Webhook { get; set; }

    public HashSet<string> DisabledChannels { get; set; } = [];

    public Dictionary<string, bool> Categories { get; set; } = [];

    public DateTimeOffset? UpdatedAt { get; set; }
}
