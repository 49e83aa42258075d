namespace Notifications.Grains;

public sealed class CategoriesGrainState
{
    public Dictionary<string, CategoryDefinition> Categories { get; set; } = [];
}
