using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing;

/// <summary>A real HTTP server on a loopback port of its own, for the fakes of providers and receivers.</summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Scheme, host and port, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <param name="http2Only">Cleartext HTTP/2 with prior knowledge, as APNs speaks it (over TLS there).</param>
    protected async Task StartAsync(Action<WebApplication> map, bool http2Only = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2));
        _app = builder.Build();
        map(_app);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
