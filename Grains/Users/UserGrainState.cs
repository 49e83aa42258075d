namespace Notifications.Grains;

public sealed class UserGrainState
{
    public string? Language { get; set; }

    /// <summary>An IANA time zone id.</summary>
    public string? TimeZone { get; set; }

    public WebhookEndpoint? Webhook { get; set; }

    public string? Email { get; set; }

    /// <summary>E.164.</summary>
    public string? Phone { get; set; }

    public List<Device> Devices { get; set; } = [];

    /// <summary>For targeting and templates.</summary>
    public Dictionary<string, System.Text.Json.JsonElement> Attributes { get; set; } = [];

    public List<UnreachableAddress> Unreachable { get; set; } = [];

    public HashSet<string> DisabledChannels { get; set; } = [];

    public Dictionary<string, bool> Categories { get; set; } = [];

    public QuietHours? QuietHours { get; set; }

    /// <summary>Category, then channel, to enabled.</summary>
    public Dictionary<string, Dictionary<string, bool>> CategoryChannels { get; set; } = [];

    public Dictionary<string, DedupeEntry> Dedupe { get; set; } = [];

    /// <summary>By rule name.</summary>
    public Dictionary<string, TokenBucket> RateLimits { get; set; } = [];

    /// <summary>Topic id to the page of its subscribers that holds this user.</summary>
    public Dictionary<string, int> Topics { get; set; } = [];

    public DateTimeOffset? UpdatedAt { get; set; }
}
