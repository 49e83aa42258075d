namespace Notifications.Grains;

/// <summary>
/// Every user of a tenant, in pages of about a thousand (<see cref="IUserDirectoryPageGrain"/>), keyed by the tenant:
/// what an audience walks, since Orleans' storage lists nothing. A user takes a place once in each life and keeps it.
/// </summary>
[Alias("Notifications.Grains.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The page each of <paramref name="count"/> new users goes to; durable before it is answered.</summary>
    [Alias("PlaceAsync")]
    Task<int[]> PlaceAsync(int count);

    /// <summary>Pages handed out so far: pages 0 to this minus one may hold users.</summary>
    [ReadOnly]
    [Alias("PagesAsync")]
    Task<int> PagesAsync();
}
