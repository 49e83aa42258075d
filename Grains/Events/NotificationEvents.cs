namespace Notifications.Grains;

/// <summary>
/// The events a notification's history raises. An event's id is derived from the notification's id and the step's
/// place in its history (or the engagement), so the same step told twice has the same id.
/// </summary>
public static class NotificationEvents
{
    public static List<TenantEvent> Of(
        string notificationId,
        NotificationRequest request,
        IReadOnlyList<NotificationTransition> history,
        int fromTransition,
        IReadOnlyList<EngagementRecord> engagements,
        int fromEngagement,
        string? provider)
    {
        var events = new List<TenantEvent>();
        for (var i = fromTransition; i < history.Count; i++)
        {
            var step = history[i];
            if (EventTypes.Of(step.Status) is { } type)
            {
                events.Add(new TenantEvent(StableHash.IdOf("evt_", notificationId, $"t{i}"), type, step.At, notificationId, request.UserId, step.Channel,
                    step.Status is NotificationStatus.Accepted or NotificationStatus.Scheduled or NotificationStatus.Suppressed or NotificationStatus.Expired or NotificationStatus.Cancelled ? null : provider,
                    step.Attempt, step.Reason, request.Category, request.Priority));
            }
        }

        var channel = history.LastOrDefault(t => t.Channel is not null)?.Channel;
        for (var i = fromEngagement; i < engagements.Count; i++)
        {
            var engagement = engagements[i];
            events.Add(new TenantEvent(StableHash.IdOf("evt_", notificationId, $"e{engagement.Action}"), EventTypes.Of(engagement.Action), engagement.At, notificationId, request.UserId,
                channel, provider, Attempt: 0, Reason: null, request.Category, request.Priority));
        }

        // A step and an engagement stored by one write are told in the order they happened (a stable sort: steps of
        // the same instant keep their order).
        return [.. events.OrderBy(e => e.At)];
    }
}
