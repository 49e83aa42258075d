using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>A tenant's categories of notifications (security, transactional, marketing...), keyed by tenant.</summary>
public interface ICategoriesGrain : IGrainWithStringKey
{
    Task<CategoryDefinition> SetAsync(string name, string? description, CategoryPolicy policy);

    Task<bool> RemoveAsync(string name);

    [ReadOnly]
    Task<IReadOnlyList<CategoryDefinition>> ListAsync();
}
