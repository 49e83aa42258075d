using System.Text.Json.Serialization;

namespace Notifications.Grains;

public sealed class FanOutPageGrainState : IGroupOwnedGrainState
{
    public const string Name = "fan-out-page";

    /// <summary>What every recipient got; each entry says what differed for them.</summary>
    public NotificationRequest? Request { get; set; }

    public string? RequestHash { get; set; }

    public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>Stored before the first recipient is called: a page found started but not done was cut off by a crash.</summary>
    public bool Started { get; set; }

    public bool Completed { get; set; }

    public long Notifications { get; set; }

    public long Skipped { get; set; }

    /// <summary>The recipients the page finished itself; those handed to a notification grain have their own record.</summary>
    public List<FanOutPageEntry> Entries { get; set; } = [];

    [JsonIgnore]
    public IReadOnlyCollection<string>? Owners => Completed && Request is { } request
        ? Entries.Select(e => UserKey.For(request.Tenant, e.UserId)).Distinct(StringComparer.Ordinal).ToArray()
        : null;
}
