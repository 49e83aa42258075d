namespace Notifications.Runtime.Tests;

public interface IAlarmGrain : IGrainWithStringKey
{
    Task SetAsync(TimeSpan dueTime, TimeSpan period);

    Task CancelAsync();
}
