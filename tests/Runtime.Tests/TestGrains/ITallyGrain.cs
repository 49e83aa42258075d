namespace Notifications.Runtime.Tests;

public interface ITallyGrain : IGrainWithStringKey
{
    Task<int> GetTotalAsync();
}
