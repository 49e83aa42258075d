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

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Increment($"{reminderName}:{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }
}
