using System.Text.Json;

namespace Notifications.Grains;

/// <summary>What a digest gathered, handed to the run that sends it.</summary>
/// <param name="Events">The payloads in the order their events happened; at most <see cref="MaxKept"/> of them.</param>
/// <param name="Count">How many events went in, those not kept among them.</param>
/// <param name="Critical">A critical event is among them: the digest goes out as critical.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DigestContents")]
public sealed record DigestContents(IReadOnlyList<JsonElement> Events, int Count, bool Critical = false)
{
    public const int MaxKept = 100;
}
