using System.Text.Json;

namespace Notifications.Client;

public sealed record TopicInfo(string Id, string Name, string? ServiceType, JsonElement? Metadata, long SubscriberCount, DateTimeOffset CreatedAt);
