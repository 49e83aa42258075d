namespace Notifications.Runtime;

/// <summary>Stores state as serialized: for the memory store, which never leaves the process.</summary>
public sealed class PlainStateProtector : IGrainStateProtector
{
    public byte[] Protect(GrainStateKey key, byte[] state) => state;

    public byte[] Unprotect(GrainStateKey key, byte[] stored) => stored;
}
