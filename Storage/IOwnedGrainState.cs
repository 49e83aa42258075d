namespace Notifications.Storage;

/// <summary>
/// A grain state that names whom it is about (a user, say), stored beside it so that every grain holding state about
/// that owner can be listed (<see cref="IGrainKeyCatalog.ListKeysByOwnerAsync"/>): to export or erase
/// what is held about them.
/// </summary>
public interface IOwnedGrainState
{
    /// <summary>Null when the state is about nobody in particular, or no longer is.</summary>
    string? Owner { get; }
}
