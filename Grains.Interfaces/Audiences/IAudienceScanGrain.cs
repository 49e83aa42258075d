namespace Notifications.Grains;

/// <summary>Reads a tenant's directory of users a page at a time and asks each user whether a filter matches them. Keyed by the tenant; a stateless worker, local to its caller's silo.</summary>
[Alias("Notifications.Grains.IAudienceScanGrain")]
public interface IAudienceScanGrain : IGrainWithStringKey
{
    /// <param name="page">The directory page to read: 0 first, then the previous page's <see cref="AudiencePage.NextPage"/>.</param>
    [Alias("ScanPageAsync")]
    Task<AudiencePage> ScanAsync(string tenant, string filter, int page);
}
