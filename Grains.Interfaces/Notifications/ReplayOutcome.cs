namespace Notifications.Grains;

public enum ReplayOutcome
{
    /// <summary>Back in delivery with a fresh count of attempts.</summary>
    Replayed,
    NotFound,

    /// <summary>The notification is not dead-lettered.</summary>
    NotDeadLettered,
}
