namespace Notifications.Silo;

/// <summary>The service's one secret: state at rest is encrypted under it and link signing keys derive from it.</summary>
internal sealed record MasterKey(byte[] Key);
