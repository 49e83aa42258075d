namespace Notifications.Grains;

[GenerateSerializer, Immutable, Alias("Notifications.Grains.CategoryDefinition")]
public sealed record CategoryDefinition(string Name, string? Description, CategoryPolicy Policy, DateTimeOffset UpdatedAt);
