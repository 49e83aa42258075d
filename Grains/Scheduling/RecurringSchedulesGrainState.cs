namespace Notifications.Grains;

public sealed class RecurringSchedulesGrainState
{
    public Dictionary<string, RecurringSchedule> Schedules { get; set; } = [];
}
