namespace Notifications.Grains;

/// <summary>One notification as the message log lists it: where it stands, and what it is searched by.</summary>
/// <param name="UpdatedAt">When its latest step happened: a step reported later than a newer one does not undo it.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.MessageLogRow")]
public sealed record MessageLogRow(
    string NotificationId,
    string? UserId,
    NotificationStatus Status,
    string? Channel,
    string? Category,
    Priority Priority,
    string? Provider,
    string? FanOutId,
    string? Topic,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The row with <paramref name="step"/> applied: a later step moves the status on; what a step does not say is kept.</summary>
    public MessageLogRow With(DeliveryEvent step) => With(step.At, step.Status, step.Channel, step.Provider);

    /// <summary>The row with the steps <paramref name="later"/> was made from applied, as they would have been one by one.</summary>
    public MessageLogRow With(MessageLogRow later) => With(later.UpdatedAt, later.Status, later.Channel, later.Provider);

    private MessageLogRow With(DateTimeOffset at, NotificationStatus? status, string? channel, string? provider) => at < UpdatedAt ? this with
    {
        Channel = Channel ?? channel,
        Provider = Provider ?? provider,
    }
    : this with
    {
        Status = status ?? Status,
        Channel = channel ?? Channel,
        Provider = provider ?? Provider,
        UpdatedAt = at,
    };

    public static MessageLogRow Of(DeliveryEvent step) => new(
        step.NotificationId, step.UserId, step.Status ?? NotificationStatus.Accepted, step.Channel, step.Category, step.Priority, step.Provider,
        step.FanOutId, step.Topic, step.AcceptedAt, step.At);

    /// <summary>Newest first; ties by id, so that a cursor is exact.</summary>
    public static int NewestFirst(MessageLogRow a, MessageLogRow b)
    {
        var byTime = b.AcceptedAt.CompareTo(a.AcceptedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(b.NotificationId, a.NotificationId);
    }

    /// <summary>Whether the row comes after <paramref name="cursor"/> in newest-first order.</summary>
    public bool IsAfter(MessageLogCursor? cursor) =>
        cursor is not { } c || AcceptedAt < c.AcceptedAt || (AcceptedAt == c.AcceptedAt && string.CompareOrdinal(NotificationId, c.NotificationId) < 0);
}
