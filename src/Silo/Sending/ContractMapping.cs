using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>Between the grains' records and the wire contracts of /v1.</summary>
internal static class ContractMapping
{
    public static Priority ToGrain(NotificationPriority priority) => priority switch
    {
        NotificationPriority.Critical => Priority.Critical,
        NotificationPriority.High => Priority.High,
        NotificationPriority.Low => Priority.Low,
        _ => Priority.Normal,
    };

    public static NotificationPriority ToContract(Priority priority) => priority switch
    {
        Priority.Critical => NotificationPriority.Critical,
        Priority.High => NotificationPriority.High,
        Priority.Low => NotificationPriority.Low,
        _ => NotificationPriority.Normal,
    };

    public static NotificationState ToContract(NotificationStatus status) => Enum.Parse<NotificationState>(status.ToString());

    public static Engagement ToContract(EngagementAction action) => Enum.Parse<Engagement>(action.ToString());

    public static EngagementAction ToGrain(Engagement action) => Enum.Parse<EngagementAction>(action.ToString());

    public static NotificationInfo ToContract(NotificationSnapshot snapshot)
    {
        var request = snapshot.Request;
        return new NotificationInfo(
            snapshot.Id,
            request.UserId,
            ToContract(snapshot.Status),
            ToContract(request.Priority),
            request.Title,
            request.Message,
            request.Category,
            request.Language,
            snapshot.History.LastOrDefault(t => t.Channel is not null)?.Channel ?? request.Channel,
            request.Data,
            snapshot.Attempts,
            snapshot.AcceptedAt,
            snapshot.DeliveredAt,
            snapshot.History.Select(t => new TransitionInfo(ToContract(t.Status), t.At, t.Channel, t.Attempt, t.Reason)).ToArray(),
            snapshot.Engagements.Select(e => new EngagementInfo(ToContract(e.Action), e.At)).ToArray(),
            ToContract(request.Mode),
            request.SendAt,
            request.SendAtLocal,
            request.ExpiresAt,
            request.DedupeKey,
            snapshot.NextAttemptAt);
    }

    public static UserInfo ToContract(UserProfile profile) => new(
        profile.UserId,
        profile.Language,
        profile.Webhook is { } webhook ? new WebhookSettings(webhook.Url, webhook.Secret, webhook.Disabled, webhook.DisabledBecause) : null,
        profile.DisabledChannels,
        profile.Categories,
        profile.UpdatedAt,
        profile.TimeZone);

    public static DeliveryMode ToGrain(NotificationDeliveryMode mode) => mode switch
    {
        NotificationDeliveryMode.AtMostOnce => DeliveryMode.AtMostOnce,
        NotificationDeliveryMode.ExactlyOnce => DeliveryMode.ExactlyOnce,
        _ => DeliveryMode.AtLeastOnce,
    };

    public static NotificationDeliveryMode ToContract(DeliveryMode mode) => mode switch
    {
        DeliveryMode.AtMostOnce => NotificationDeliveryMode.AtMostOnce,
        DeliveryMode.ExactlyOnce => NotificationDeliveryMode.ExactlyOnce,
        _ => NotificationDeliveryMode.AtLeastOnce,
    };

    public static DeadLetterInfo ToContract(DeadLetter deadLetter) => new(
        deadLetter.NotificationId,
        deadLetter.UserId,
        ToContract(deadLetter.Priority),
        deadLetter.Channel,
        deadLetter.Attempts,
        deadLetter.Reason,
        deadLetter.At);
}
