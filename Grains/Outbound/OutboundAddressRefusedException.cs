namespace Notifications.Grains;

/// <summary>Every address a recipient's endpoint resolved to is in a range deliveries may not go to.</summary>
public sealed class OutboundAddressRefusedException(string host, AddressRange range)
    : Exception($"'{host}' resolves only to {range.ToString().ToLowerInvariant()} addresses, which deliveries may not go to (see {OutboundOptions.SectionName}).")
{
    public AddressRange Range { get; } = range;
}
