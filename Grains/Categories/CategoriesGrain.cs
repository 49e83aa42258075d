
namespace Notifications.Grains;

public sealed class CategoriesGrain(
    [PersistentState("categories")] IPersistentState<CategoriesGrainState> categories,
    TimeProvider time) : Grain, ICategoriesGrain
{
    public async Task<CategoryDefinition> SetAsync(string name, string? description, CategoryPolicy policy)
    {
        var definition = new CategoryDefinition(name, description, policy, time.GetUtcNow());
        categories.State.Categories[name] = definition;
        await categories.WriteStateAsync();
        return definition;
    }

    public async Task<bool> RemoveAsync(string name)
    {
        if (!categories.State.Categories.Remove(name))
        {
            return false;
        }

        await categories.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<CategoryDefinition>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CategoryDefinition>>(categories.State.Categories.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray());
}
