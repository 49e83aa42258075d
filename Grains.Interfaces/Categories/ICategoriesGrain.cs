namespace Notifications.Grains;

/// <summary>A tenant's categories of notifications (security, transactional, marketing...), keyed by tenant.</summary>
[Alias("Notifications.Grains.ICategoriesGrain")]
public interface ICategoriesGrain : IGrainWithStringKey
{
    [Alias("SetAsync")]
    Task<CategoryDefinition> SetAsync(string name, string? description, CategoryPolicy policy);

    [Alias("RemoveAsync")]
    Task<bool> RemoveAsync(string name);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<IReadOnlyList<CategoryDefinition>> ListAsync();
}
