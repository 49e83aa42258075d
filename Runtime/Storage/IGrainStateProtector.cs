namespace Notifications.Runtime;

/// <summary>Turns serialized state into what is stored, and back; bound to the record it belongs to.</summary>
public interface IGrainStateProtector
{
    byte[] Protect(GrainStateKey key, byte[] state);

    byte[] Unprotect(GrainStateKey key, byte[] stored);
}
