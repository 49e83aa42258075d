using System.Net;
using System.Net.Sockets;

namespace Notifications.Grains;

/// <summary>Which ranges an address falls in (RFC 6890's special-purpose registries), IPv4 and IPv6, mapped and embedded IPv4 included.</summary>
public static class OutboundAddresses
{
    private static readonly (IPNetwork Network, AddressRange Range)[] Special =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressRange.Reserved),
        (IPNetwork.Parse("10.0.0.0/8"), AddressRange.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressRange.Private),
        (IPNetwork.Parse("127.0.0.0/8"), AddressRange.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressRange.Reserved),
        (IPNetwork.Parse("172.16.0.0/12"), AddressRange.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressRange.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressRange.Reserved),
        (IPNetwork.Parse("192.88.99.0/24"), AddressRange.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressRange.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressRange.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressRange.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressRange.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressRange.Reserved),
        (IPNetwork.Parse("240.0.0.0/4"), AddressRange.Reserved),
        (IPNetwork.Parse("::/128"), AddressRange.Reserved),
        (IPNetwork.Parse("::1/128"), AddressRange.Loopback),
        (IPNetwork.Parse("100::/64"), AddressRange.Reserved),
        (IPNetwork.Parse("2001::/23"), AddressRange.Reserved),
        (IPNetwork.Parse("2001:db8::/32"), AddressRange.Reserved),
        (IPNetwork.Parse("fc00::/7"), AddressRange.Private),
        (IPNetwork.Parse("fe80::/10"), AddressRange.Reserved),
        (IPNetwork.Parse("fec0::/10"), AddressRange.Reserved),
        (IPNetwork.Parse("ff00::/8"), AddressRange.Reserved),
    ];

    /// <summary>NAT64 (RFC 6052) and 6to4 (RFC 3056) carry an IPv4 address that a gateway reaches: the range is that address's.</summary>
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Local-use NAT64 (RFC 8215): the IPv4 address in its last 32 bits, as the usual forms carry it.</summary>
    private static readonly IPNetwork LocalNat64 = IPNetwork.Parse("64:ff9b:1::/48");

    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static AddressRange RangeOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return RangeOf(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address) || LocalNat64.Contains(address))
            {
                return RangeOf(new IPAddress(bytes.AsSpan(12, 4)));
            }

            if (SixToFour.Contains(address))
            {
                return RangeOf(new IPAddress(bytes.AsSpan(2, 4)));
            }

            // IPv4-compatible (::a.b.c.d, deprecated) other than :: and ::1.
            if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
            {
                return RangeOf(new IPAddress(bytes.AsSpan(12, 4)));
            }
        }

        foreach (var (network, range) in Special)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return range;
            }
        }

        return AddressRange.Public;
    }

    /// <summary>
    /// Why a recipient's endpoint cannot be sent to, as far as its URL alone tells (its scheme, an address or
    /// <c>localhost</c> as its host); null when it may be. A name is checked again when it is resolved, at each connection.
    /// </summary>
    public static string? RefusalOf(Uri endpoint, OutboundOptions options)
    {
        if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && options.AllowHttp))
        {
            return $"An https URL ({OutboundOptions.SectionName}:AllowHttp lets it be http).";
        }

        var range = endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(endpoint.IdnHost.Trim('[', ']'), out var address)
            ? RangeOf(address)
            : endpoint.IsLoopback ? AddressRange.Loopback : AddressRange.Public;
        return range == AddressRange.Public || IsAllowed(range, options)
            ? null
            : $"A {range.ToString().ToLowerInvariant()} address, which deliveries may not go to.";
    }

    public static bool IsAllowed(IPAddress address, OutboundOptions options) => IsAllowed(RangeOf(address), options);

    private static bool IsAllowed(AddressRange range, OutboundOptions options) => range switch
    {
        AddressRange.Public => true,
        AddressRange.Loopback => options.AllowLoopback,
        AddressRange.Private => options.AllowPrivateNetworks,
        _ => false,
    };
}
