namespace Notifications.Runtime.Tests;

public sealed class AlarmGrain(Probe probe) : Grain, IAlarmGrain, IRemindable
{
    public Task SetAsync(TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder("alarm", dueTime, period);

    public async Task CancelAsync()
    {
        if (await GetReminder("alarm") is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.RecordMax("most-alarms-at-once", probe.Add("alarms-ringing", 1));
        // Long enough that deliveries would overlap if nothing bounded them.
        await Task.Delay(5);
        probe.Add("alarms-ringing", -1);
        probe.Increment($"{reminderName}:{GetPrimaryKeyString()}");
    }
}
