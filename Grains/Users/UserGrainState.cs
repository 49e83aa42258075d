namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.UserGrainState")]
public sealed class UserGrainState
{
    [Id(0)]
    public string? Language { get; set; }

    /// <summary>An IANA time zone id.</summary>
    [Id(1)]
    public string? TimeZone { get; set; }

    [Id(2)]
    public WebhookEndpoint? Webhook { get; set; }

    [Id(3)]
    public string? Email { get; set; }

    /// <summary>E.164.</summary>
    [Id(4)]
    public string? Phone { get; set; }

    [Id(5)]
    public List<Device> Devices { get; set; } = [];

    /// <summary>For targeting and templates.</summary>
    [Id(6)]
    public Dictionary<string, System.Text.Json.JsonElement> Attributes { get; set; } = [];

    [Id(7)]
    public List<UnreachableAddress> Unreachable { get; set; } = [];

    [Id(8)]
    public HashSet<string> DisabledChannels { get; set; } = [];

    [Id(9)]
    public Dictionary<string, bool> Categories { get; set; } = [];

    [Id(10)]
    public QuietHours? QuietHours { get; set; }

    /// <summary>Category, then channel, to enabled.</summary>
    [Id(11)]
    public Dictionary<string, Dictionary<string, bool>> CategoryChannels { get; set; } = [];

    [Id(12)]
    public Dictionary<string, DedupeEntry> Dedupe { get; set; } = [];

    /// <summary>By rule name.</summary>
    [Id(13)]
    public Dictionary<string, TokenBucket> RateLimits { get; set; } = [];

    /// <summary>Topic id to the page of its subscribers that holds this user.</summary>
    [Id(14)]
    public Dictionary<string, int> Topics { get; set; } = [];

    [Id(15)]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>
    /// Names this life of the user (a user deleted and made again under the same id is another): a topic's page
    /// turns away a subscription that a racing deletion of the same life has already taken out.
    /// </summary>
    [Id(16)]
    public Guid Incarnation { get; set; }

    /// <summary>The page of the tenant's directory that lists this life of the user.</summary>
    [Id(17)]
    public int? DirectoryPage { get; set; }

    /// <summary>
    /// Every page of a topic this life of the user has been on, left since or not: their notifications from a topic's
    /// sends are found through the sends' log of each (see <see cref="DirectoryKey.SendsOver"/>).
    /// </summary>
    [Id(18)]
    public List<TopicPlace> TopicPlaces { get; set; } = [];

    /// <summary>The user wants nothing but what is critical: critical sends and the tenant's critical categories.</summary>
    [Id(19)]
    public bool OptedOut { get; set; }

    /// <summary>The version of the user's routing card (see <see cref="RoutingCard.Version"/>).</summary>
    [Id(20)]
    public long CardVersion { get; set; }

    /// <summary>What the card held at <see cref="CardVersion"/>, hashed: a write that changes it sends the topics' pages a new card.</summary>
    [Id(21)]
    public long CardFingerprint { get; set; }
}
