namespace Notifications.Grains;

/// <summary>
/// A daily window, in the user's time zone, in which only critical notifications are delivered; the others wait
/// until it ends. <paramref name="Start"/> after <paramref name="End"/> spans midnight (22:00 to 07:00).
/// </summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.QuietHours")]
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>When the window that holds <paramref name="local"/> ends, or null when it holds it not.</summary>
    public DateTime? EndOfWindowAt(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var date = local.Date;
        if (Start == End)
        {
            return null;
        }

        if (Start < End)
        {
            return time >= Start && time < End ? date + End.ToTimeSpan() : null;
        }

        // Across midnight: the evening part ends tomorrow, the morning part today.
        return time >= Start ? date.AddDays(1) + End.ToTimeSpan() : time < End ? date + End.ToTimeSpan() : null;
    }
}
