using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Opens the connections of deliveries to addresses recipients chose, as a <see cref="SocketsHttpHandler.ConnectCallback"/>:
/// the name is resolved here and only an allowed address is connected to, so a name that resolves to a public address
/// when checked and to an internal one when connected (DNS rebinding) cannot slip past.
/// </summary>
public sealed class OutboundConnector(IOptionsMonitor<OutboundOptions> options)
{
    /// <summary>A handler whose every connection goes through this check; no proxy, as a proxy would be the only address checked.</summary>
    public SocketsHttpHandler Handler(TimeSpan pooledConnectionLifetime) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = pooledConnectionLifetime,
        ConnectCallback = ConnectAsync,
    };

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var settings = options.CurrentValue;
        var allowed = addresses.Where(a => OutboundAddresses.IsAllowed(a, settings)).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundAddressRefusedException(host, addresses.Length == 0 ? AddressRange.Reserved : OutboundAddresses.RangeOf(addresses[0]));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
