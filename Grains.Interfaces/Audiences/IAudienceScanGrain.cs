namespace Notifications.Grains;

/// <summary>Reads a tenant's users a page at a time and asks each whether a filter matches it. Keyed by the tenant; a stateless worker, local to its caller's silo.</summary>
[Alias("Notifications.Grains.IAudienceScanGrain")]
public interface IAudienceScanGrain : IGrainWithStringKey
{
    /// <param name="afterKey">The previous page's <see cref="AudiencePage.LastKey"/>, or null for the first page.</param>
    [Alias("ScanAsync")]
    Task<AudiencePage> ScanAsync(string tenant, string filter, string? afterKey);
}
