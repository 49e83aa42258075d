namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.RecurringSchedulesGrainState")]
public sealed class RecurringSchedulesGrainState
{
    [Id(0)]
    public Dictionary<string, RecurringSchedule> Schedules { get; set; } = [];
}
