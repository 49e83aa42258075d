using System.Globalization;

namespace Notifications.Grains;

/// <summary>Where a page of the message log ended: the next page lists what comes after it, newest first.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.MessageLogCursor")]
public sealed record MessageLogCursor(DateTimeOffset AcceptedAt, string NotificationId)
{
    public override string ToString() => $"{AcceptedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{NotificationId}";

    public static MessageLogCursor? Parse(string? text)
    {
        var dot = text?.IndexOf('.') ?? -1;
        return dot > 0 && long.TryParse(text![..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new MessageLogCursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(dot + 1)..])
            : null;
    }
}
