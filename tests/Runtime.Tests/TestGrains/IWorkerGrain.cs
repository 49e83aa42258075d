namespace Notifications.Runtime.Tests;

public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Waits until <paramref name="parties"/> calls are inside at once; returns the activation's id.</summary>
    Task<Guid> MeetAsync(int parties);
}
