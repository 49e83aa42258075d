using System.Text.Json.Serialization;

namespace Notifications.Grains;

public sealed class NotificationGrainState : IOwnedGrainState
{
    public const string Name = "notification";

    public NotificationRequest? Request { get; set; }

    public string? RequestHash { get; set; }

    /// <summary>The W3C trace context of the request that accepted the notification.</summary>
    public string? TraceParent { get; set; }

    public NotificationStatus Status { get; set; }

    public DateTimeOffset AcceptedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When the next step is due while the notification waits: its send time, a retry, a rate limit.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Attempts made before the last replay from the dead letters; a replay starts a fresh count.</summary>
    public int AttemptsBeforeReplay { get; set; }

    /// <summary>Passed dedupe and rate limits once; retries are not counted against them again.</summary>
    public bool Admitted { get; set; }

    /// <summary>Channels that failed for good; the next channel asked for is tried instead.</summary>
    public List<string> ExhaustedChannels { get; set; } = [];

    /// <summary>The provider that took the notification, and its id for it.</summary>
    public string? Provider { get; set; }

    public string? ProviderMessageId { get; set; }

    public List<NotificationTransition> History { get; set; } = [];

    public List<EngagementRecord> Engagements { get; set; } = [];

    /// <summary>The user was deleted: what the notification said is gone, and it no longer counts as theirs.</summary>
    public bool Erased { get; set; }

    /// <summary>The user it was sent to, by which everything sent to them can be found, to export or erase it.</summary>
    [JsonIgnore]
    public string? Owner => Request is { } request && !Erased ? UserKey.For(request.Tenant, request.UserId) : null;
}
