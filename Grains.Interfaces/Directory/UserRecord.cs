namespace Notifications.Grains;

/// <summary>A grain that holds something sent to a user.</summary>
/// <param name="Key">The notification's id, or the fan-out page's key.</param>
/// <param name="Recipients">A batch logged on a page of the directory: the <see cref="StableHash.Of"/> of each of its
/// recipients listed there, so that a user's export or erasure asks only the batches that may hold them, not every
/// batch sent to anyone on the page. Null when the page is to be asked (a send to every user of a page).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.UserRecord")]
public sealed record UserRecord(UserRecordKind Kind, string Key, IReadOnlyList<uint>? Recipients = null)
{
    /// <summary>Whether the record may hold something sent to <paramref name="userId"/>.</summary>
    public bool MayHold(string userId) => Recipients is null || Recipients.Contains(StableHash.Of(userId));
}
