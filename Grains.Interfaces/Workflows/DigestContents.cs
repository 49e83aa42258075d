using System.Text.Json;

namespace Notifications.Grains;

/// <summary>What a digest gathered, handed to the run that sends it.</summary>
/// <param name="Events">The payloads, oldest first; at most <see cref="MaxKept"/> of them.</param>
/// <param name="Count">How many events went in, those not kept among them.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DigestContents")]
public sealed record DigestContents(IReadOnlyList<JsonElement> Events, int Count)
{
    public const int MaxKept = 100;
}
