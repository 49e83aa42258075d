using System.Text.Json;

namespace Notifications.Grains;

/// <summary>A run's event going into the digest of its user and key.</summary>
/// <param name="Critical">Sent at once, with what is gathered, rather than at the window's end.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DigestJoin")]
public sealed record DigestJoin(string RunId, string EventId, DateTimeOffset ReceivedAt, JsonElement Payload, bool Critical, TimeSpan Window, int? MaxEvents);
