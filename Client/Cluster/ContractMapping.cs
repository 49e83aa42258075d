using Notifications.Grains;

namespace Notifications.Client;

/// <summary>Between the grains' records and the wire contracts of /v1.</summary>
internal static class ContractMapping
{
    private static readonly TimeSpan DefaultDedupeWindow = TimeSpan.FromMinutes(10);

    public static NotificationRequest ToRequest(string tenant, SendNotification send) => new(
        tenant,
        send.UserId,
        send.Message ?? "",
        send.Title,
        ToGrain(send.Priority ?? NotificationPriority.Normal),
        send.Category,
        send.Language,
        send.Channel,
        send.Data is null ? null : new SortedDictionary<string, string>(send.Data.ToDictionary(), StringComparer.Ordinal),
        ToGrain(send.DeliveryMode ?? NotificationDeliveryMode.AtLeastOnce),
        send.SendAt,
        send.SendAtLocal,
        send.ExpiresAt,
        send.DedupeKey,
        send.DedupeKey is null ? null : send.DedupeWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultDedupeWindow,
        send.Channels?.ToArray(),
        send.Template,
        send.TemplateVersion,
        DeviceId: send.DeviceId);

    public static SendNotification ToContract(NotificationRequest request) => new(
        request.UserId,
        request.Message,
        request.Title,
        ToContract(request.Priority),
        request.Category,
        request.Language,
        request.Channel,
        request.Data,
        DeliveryMode: ToContract(request.Mode),
        SendAt: request.SendAt,
        SendAtLocal: request.SendAtLocal,
        ExpiresAt: request.ExpiresAt,
        DedupeKey: request.DedupeKey,
        DedupeWindowSeconds: request.DedupeWindow is { } window ? (int)window.TotalSeconds : null,
        Channels: request.Channels,
        Template: request.TemplateId,
        TemplateVersion: request.TemplateVersion,
        DeviceId: request.DeviceId);

    /// <summary>A send to many is validated and accepted as a send to one user, whose id each recipient fills in.</summary>
    public static SendNotification ToSend(FanOutNotification send, string userId) => new(
        userId, send.Message, send.Title, send.Priority, send.Category, send.Language, send.Channel, send.Data, DeliveryMode: send.DeliveryMode,
        SendAt: send.SendAt, SendAtLocal: send.SendAtLocal, ExpiresAt: send.ExpiresAt, DedupeKey: send.DedupeKey, DedupeWindowSeconds: send.DedupeWindowSeconds,
        Channels: send.Channels, Template: send.Template, TemplateVersion: send.TemplateVersion);

    public static FanOutNotification ToFanOutContract(NotificationRequest request)
    {
        var send = ToContract(request);
        return new FanOutNotification(send.Message, send.Title, send.Priority, send.Category, send.Language, send.Channel, send.Data, send.DeliveryMode,
            send.SendAt, send.SendAtLocal, send.ExpiresAt, send.DedupeKey, send.DedupeWindowSeconds, send.Channels, send.Template, send.TemplateVersion);
    }

    public static ScheduleInfo ToContract(RecurringSchedule schedule) => new(
        schedule.Id,
        schedule.Cron,
        schedule.TimeZone,
        ToContract(schedule.Template),
        schedule.Paused,
        schedule.CreatedAt,
        schedule.NextOccurrence,
        schedule.LastOccurrence,
        schedule.LastNotificationId,
        schedule.Occurrences);

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
            snapshot.NextAttemptAt,
            snapshot.Provider,
            snapshot.ProviderMessageId,
            request.Channels,
            request.TemplateId,
            request.TemplateVersion,
            request.FanOutId,
            request.DeviceId);
    }

    public static UserInfo ToContract(UserProfile profile) => new(
        profile.UserId,
        profile.Language,
        // The secret is shown once, in the answer to the update that set it: not in reads or exports.
        profile.Webhook is { } webhook ? new WebhookSettings(webhook.Url, profile.WebhookSecretIssued ? webhook.Secret : null, webhook.Disabled, webhook.DisabledBecause, webhook.PreviousSecretExpiresAt, webhook.FailingSince) : null,
        profile.DisabledChannels,
        profile.Categories,
        profile.UpdatedAt,
        profile.TimeZone,
        profile.Email,
        profile.Phone,
        profile.Devices?.Select(d => new DeviceInfo(d.Kind, d.Token, d.P256dh, d.Auth, d.Id)).ToArray(),
        profile.Unreachable?.Select(u => new UnreachableInfo(u.Channel, u.Address, u.Reason, u.At)).ToArray(),
        profile.Attributes,
        profile.QuietHours is { } quiet ? new QuietHoursSettings(quiet.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), quiet.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)) : null,
        profile.CategoryChannels,
        profile.Topics,
        profile.OptedOut);

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

    public static InboxItemInfo ToContract(InboxItem item) => new(
        item.NotificationId,
        item.Title,
        item.Message,
        item.Category,
        ToContract(item.Priority),
        item.Data,
        item.CreatedAt,
        item.ReadAt,
        item.ArchivedAt);

    public static InboxEventInfo ToContract(InboxEvent change) => new(change.Item is { } item ? ToContract(item) : null, change.UnreadCount);
}
