namespace Notifications.Runtime.Tests;

public interface IReentrantGrain : IGrainWithStringKey
{
    Task<int> TrackOverlapAsync(TimeSpan hold);
}
