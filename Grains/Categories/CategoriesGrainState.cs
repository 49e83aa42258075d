namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.CategoriesGrainState")]
public sealed class CategoriesGrainState
{
    [Id(0)]
    public Dictionary<string, CategoryDefinition> Categories { get; set; } = [];
}
