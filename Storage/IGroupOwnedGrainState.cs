namespace Notifications.Storage;

/// <summary>
/// A grain state about many owners at once (one page of a send to many users, say), each stored beside it so that
/// <see cref="IGrainKeyCatalog.ListKeysByOwnerAsync"/> finds it for any of them.
/// </summary>
public interface IGroupOwnedGrainState
{
    /// <summary>Null leaves the stored owners as they are; an empty collection removes them.</summary>
    IReadOnlyCollection<string>? Owners { get; }
}
