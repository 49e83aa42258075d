using System.Text.Json;

namespace Notifications.Grains;

/// <summary>One event in an open digest: whose it is, when it happened, what it carried.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DigestEntry")]
public sealed record DigestEntry(string RunId, DateTimeOffset ReceivedAt, JsonElement Payload);
