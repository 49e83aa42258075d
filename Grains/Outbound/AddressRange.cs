namespace Notifications.Grains;

/// <summary>What kind of network an address is on, as far as sending to it goes.</summary>
public enum AddressRange
{
    Public,
    Loopback,
    Private,

    /// <summary>Link-local (cloud metadata at 169.254.169.254), multicast, unspecified, documentation and other reserved ranges: never sent to.</summary>
    Reserved,
}
