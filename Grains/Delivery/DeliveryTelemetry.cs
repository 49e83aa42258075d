using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Notifications.Grains;

/// <summary>
/// The delivery engine's metrics and traces. Every transition of every notification is counted by status, channel
/// and priority; accept-to-sent and accept-to-delivered are timed; the lanes' queues are observed as they are. A
/// delivery step is a span whose parent is the request that accepted the notification, so a trace runs from the
/// accept to the provider call however long the notification waited in between.
/// </summary>
public sealed class DeliveryTelemetry : IDisposable
{
    public const string MeterName = "Notifications";

    public const string ActivitySourceName = "Notifications";

    private static readonly string[] Priorities = [.. Enum.GetNames<Priority>().Select(p => p.ToLowerInvariant())];

    private static readonly Dictionary<NotificationStatus, string> Statuses =
        Enum.GetValues<NotificationStatus>().ToDictionary(s => s, s => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()));

    private static readonly Dictionary<EngagementAction, string> Actions = Enum.GetValues<EngagementAction>().ToDictionary(a => a, a => a.ToString().ToLowerInvariant());

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _engagements;
    private readonly Histogram<double> _acceptToSent;
    private readonly Histogram<double> _acceptToDelivered;

    private readonly DeliveryEventPump _events;

    public DeliveryTelemetry(DeliveryLanes lanes, DeliveryEventPump events)
    {
        _events = events;
        _transitions = _meter.CreateCounter<long>("notifications.transitions", description: "Notifications entering a status, by status, channel and priority.");
        _engagements = _meter.CreateCounter<long>("notifications.engagements", description: "Engagements recorded, by action and channel.");
        _acceptToSent = _meter.CreateHistogram<double>("notifications.accept_to_sent", "s", "From accepted to handed to a provider.");
        _acceptToDelivered = _meter.CreateHistogram<double>("notifications.accept_to_delivered", "s", "From accepted to delivered.");
        _meter.CreateObservableGauge("notifications.lanes.waiting", () => lanes.WaitingByPriority().Select((waiting, lane) =>
            new Measurement<int>(waiting, new KeyValuePair<string, object?>("priority", Priorities[lane]))), description: "Notifications waiting for their turn in the delivery lanes.");
        _meter.CreateObservableGauge("notifications.lanes.in_flight", () => lanes.InFlight, description: "Delivery steps in progress.");
    }

    public ActivitySource Source { get; } = new(ActivitySourceName);

    /// <summary>Counts the step in the metrics and hands it to the tenant's statistics.</summary>
    public void Record(string tenant, DeliveryEvent step)
    {
        var channel = step.Channel ?? "none";
        var priority = Priorities[(int)step.Priority];
        if (step.Status is { } status)
        {
            _transitions.Add(1, new TagList { { "status", Statuses[status] }, { "channel", channel }, { "priority", priority } });
            if (status is NotificationStatus.Sent or NotificationStatus.Delivered)
            {
                (status == NotificationStatus.Sent ? _acceptToSent : _acceptToDelivered).Record(step.SinceAccepted.TotalSeconds, new TagList { { "channel", channel }, { "priority", priority } });
            }
        }
        else if (step.Engagement is { } action)
        {
            _engagements.Add(1, new TagList { { "action", Actions[action] }, { "channel", channel } });
        }

        _events.Publish(tenant, step);
    }

    /// <summary>A delivery step, as a child of the trace that accepted the notification when there was one.</summary>
    public Activity? StartDelivery(string notificationId, NotificationRequest request, string? traceParent, int attempt)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity("notification.deliver", ActivityKind.Internal, parent);
        activity?.SetTag("notification.id", notificationId);
        activity?.SetTag("notification.priority", Priorities[(int)request.Priority]);
        activity?.SetTag("notification.attempt", attempt);
        return activity;
    }

    public void Dispose()
    {
        _meter.Dispose();
        Source.Dispose();
    }
}
