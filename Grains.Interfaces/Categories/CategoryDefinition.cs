namespace Notifications.Grains;

public sealed record CategoryDefinition(string Name, string? Description, CategoryPolicy Policy, DateTimeOffset UpdatedAt);
