using System.Text.Json.Serialization;

namespace Notifications.Grains;

/// <summary>
/// One recipient a fan-out page finished itself: what differed for them from the page's request, and the times of
/// the steps they took, from which their history is told again (a page of a thousand is stored in one write, so each
/// entry is kept small).
/// </summary>
/// <param name="Channel">The channel their request named, if any.</param>
/// <param name="SentOn">The channel it went out on; null when it was suppressed.</param>
/// <param name="Reason">Why it was suppressed, or what the provider said when it took it.</param>
/// <param name="Request">The whole request when the page's notifications share none (a batch).</param>
/// <param name="Told">Its events were told when it was recorded, before the page was complete (a scheduled notification
/// withdrawn before its send time); otherwise they are told with the page's.</param>
[GenerateSerializer, Alias("Notifications.Grains.FanOutPageEntry")]
public sealed record FanOutPageEntry(
    string NotificationId,
    string UserId,
    string? Channel,
    Priority Priority,
    NotificationStatus Status,
    DateTimeOffset? RoutedAt,
    DateTimeOffset? SendingAt,
    DateTimeOffset FinishedAt,
    string? SentOn = null,
    string? Reason = null,
    string? Provider = null,
    string? ProviderMessageId = null,
    NotificationRequest? Request = null,
    bool Told = false)
{
    [JsonIgnore]
    public int Attempts => SentOn is null ? 0 : 1;

    [JsonIgnore]
    public DateTimeOffset? DeliveredAt => Status == NotificationStatus.Delivered ? FinishedAt : null;

    public IReadOnlyList<NotificationTransition> History(DateTimeOffset acceptedAt)
    {
        List<NotificationTransition> history = [new(NotificationStatus.Accepted, acceptedAt)];
        if (Request?.SendAt is { } sendAt && sendAt > acceptedAt)
        {
            // A batch's notification that waited for its send time in its page.
            history.Add(NotificationTransition.ScheduledFor(acceptedAt, sendAt));
        }

        if (RoutedAt is { } routedAt)
        {
            history.Add(new(NotificationStatus.Routing, routedAt));
        }

        if (SentOn is null)
        {
            history.Add(new(Status, FinishedAt, Reason: Reason));
            return history;
        }

        history.Add(new(NotificationStatus.Sending, SendingAt ?? FinishedAt, SentOn, 1));
        history.Add(new(NotificationStatus.Sent, FinishedAt, SentOn, 1, Reason));
        if (Status == NotificationStatus.Delivered)
        {
            history.Add(new(NotificationStatus.Delivered, FinishedAt, SentOn, 1));
        }

        return history;
    }
}
