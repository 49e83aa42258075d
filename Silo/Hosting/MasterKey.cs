namespace Notifications.Silo;

/// <summary>
/// The service's one secret: state at rest is encrypted under it and link and id keys derive from it. The keys it
/// replaced (<see cref="StateEncryptionKey.Previous"/>) still open what was made under them.
/// </summary>
internal sealed record MasterKey(byte[] Key, IReadOnlyList<byte[]> Previous)
{
    /// <summary>The current key first.</summary>
    public IReadOnlyList<byte[]> All => [Key, .. Previous];
}
