using System.Collections.Concurrent;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Each tenant's category policies, for the front door to attach to every send. Read from the tenant's grain at
/// most every few seconds, and at once after a change through this silo.
/// </summary>
public sealed class CategoryCatalog(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, IReadOnlyDictionary<string, CategoryPolicy> Policies)> _tenants = new();

    public async ValueTask<CategoryPolicy?> PolicyAsync(string tenant, string? category)
    {
        if (category is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!_tenants.TryGetValue(tenant, out var entry) || now - entry.ReadAt > Freshness)
        {
            var definitions = await grains.GetGrain<ICategoriesGrain>(tenant).ListAsync();
            entry = (now, definitions.ToDictionary(d => d.Name, d => d.Policy, StringComparer.Ordinal));
            _tenants[tenant] = entry;
        }

        return entry.Policies.GetValueOrDefault(category);
    }

    public void Forget(string tenant) => _tenants.TryRemove(tenant, out _);
}
