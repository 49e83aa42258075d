namespace Notifications.Grains;

/// <summary>
/// The events a tenant's applications can receive at their event endpoints. An endpoint asks for types by name, or
/// for a whole family with <c>notification.*</c>, <c>engagement.*</c> or <c>alert.*</c>.
/// </summary>
public static class EventTypes
{
    public const string Accepted = "notification.accepted";
    public const string Scheduled = "notification.scheduled";
    public const string Sent = "notification.sent";
    public const string Delivered = "notification.delivered";
    public const string Failed = "notification.failed";
    public const string Bounced = "notification.bounced";
    public const string Suppressed = "notification.suppressed";
    public const string Expired = "notification.expired";
    public const string Cancelled = "notification.cancelled";
    public const string DeadLettered = "notification.dead_lettered";

    /// <summary>A condition that needs someone's attention began (<see cref="AlertKinds"/>).</summary>
    public const string AlertRaised = "alert.raised";

    /// <summary>The condition an <see cref="AlertRaised"/> named (by its alert id) is over.</summary>
    public const string AlertResolved = "alert.resolved";

    private static readonly Dictionary<EngagementAction, string> Engagements =
        Enum.GetValues<EngagementAction>().ToDictionary(a => a, a => "engagement." + a.ToString().ToLowerInvariant());

    /// <summary>Every type an endpoint may ask for by name.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Accepted, Scheduled, Sent, Delivered, Failed, Bounced, Suppressed, Expired, Cancelled, DeadLettered,
        .. Engagements.Values,
        AlertRaised, AlertResolved,
    ];

    private static readonly HashSet<string> Known = [.. All];

    private static readonly string[] Families = ["notification.*", "engagement.*", "alert.*"];

    /// <summary>The event a transition into <paramref name="status"/> raises; null for the steps in between (routing, sending).</summary>
    public static string? Of(NotificationStatus status) => status switch
    {
        NotificationStatus.Accepted => Accepted,
        NotificationStatus.Scheduled => Scheduled,
        NotificationStatus.Sent => Sent,
        NotificationStatus.Delivered => Delivered,
        NotificationStatus.Failed => Failed,
        NotificationStatus.Bounced => Bounced,
        NotificationStatus.Suppressed => Suppressed,
        NotificationStatus.Expired => Expired,
        NotificationStatus.Cancelled => Cancelled,
        NotificationStatus.DeadLettered => DeadLettered,
        _ => null,
    };

    public static string Of(EngagementAction action) => Engagements[action];

    /// <summary>Whether an endpoint may ask for <paramref name="type"/>: a known type or a family.</summary>
    public static bool IsValidFilter(string type) => Known.Contains(type) || Families.Contains(type, StringComparer.Ordinal);

    /// <summary>Whether a filter (a type or a family) takes <paramref name="type"/>.</summary>
    public static bool Matches(string filter, string type) =>
        filter.EndsWith(".*", StringComparison.Ordinal)
            ? type.StartsWith(filter[..^1], StringComparison.Ordinal)
            : string.Equals(filter, type, StringComparison.Ordinal);
}
