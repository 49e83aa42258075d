namespace Notifications.Client;

public sealed record CategoryInfo(string Name, string? Description, bool Critical, FrequencyCap? FrequencyCap, DateTimeOffset UpdatedAt);
