using System.Text.Json;

namespace Notifications.Grains;

/// <summary>What a topic is: its name, the channel its sends take by default, and the sender's own metadata.</summary>
/// <param name="ServiceType">The channel the topic's notifications take unless a subscriber or a send says otherwise; null lets each user's endpoints decide.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicDefinition")]
public sealed record TopicDefinition(string Name, string? ServiceType, JsonElement? Metadata, DateTimeOffset CreatedAt);
