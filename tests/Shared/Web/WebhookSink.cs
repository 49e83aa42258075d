using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing;

/// <summary>
/// A real HTTP receiver of webhooks on loopback. It checks each signature with its own HMAC code (not the
/// service's), and answers with whatever status the test chooses.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private int _arrivals;
    private string _path = "";

    private WebhookSink(WebApplication app, byte[] key)
    {
        _app = app;
        _key = key;
        Secret = "whsec_" + Convert.ToBase64String(key);
    }

    public int Port { get; private set; }

    /// <summary>Its own path: a request another test's silo still sends to a port this sink now has is a 404, not an arrival.</summary>
    public string Url => $"http://127.0.0.1:{Port}{_path}";

    public string Secret { get; }

    /// <summary>Given the 1-based arrival number, the status to answer; 200 by default.</summary>
    public Func<int, int> Respond { get; set; } = _ => StatusCodes.Status200OK;

    /// <summary>Given the 1-based arrival number, what to wait for before answering (a delay, a gate).</summary>
    public Func<int, Task>? Hold { get; set; }

    /// <summary>Headers to add to a non-2xx answer, such as Retry-After.</summary>
    public Dictionary<string, string> FailureHeaders { get; } = [];

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Ids the sink answered 2xx for, counting repeats.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <param name="secret">A <c>whsec_</c> secret to verify with; a new one by default.</param>
    /// <param name="path">Where it listens (see <see cref="NewPath"/>); a path of its own by default.</param>
    public static async Task<WebhookSink> StartAsync(int port = 0, string? secret = null, string? path = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var sink = new WebhookSink(app, secret is null ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(secret["whsec_".Length..]))
        {
            _path = path ?? NewPath(),
        };
        app.MapPost(sink._path, (Func<HttpContext, Task<IResult>>)sink.HandleAsync);
        await app.StartAsync();
        sink.Port = new Uri(app.Urls.First()).Port;
        return sink;
    }

    /// <summary>A path no other sink listens on, for a receiver whose URL is handed out before it comes up.</summary>
    public static string NewPath() => $"/hooks/{Guid.NewGuid():N}";

    private static readonly HashSet<int> GivenPorts = [];

    /// <summary>
    /// A loopback port nothing listens on now, for a receiver that comes up later; never one this process was given
    /// before, so that ports asked for one after another (a silo's HTTP, silo and gateway ports) cannot be the same.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            lock (GivenPorts)
            {
                if (GivenPorts.Add(port))
                {
                    return port;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signature = context.Request.Headers["webhook-signature"].ToString();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(_key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body]));
        var valid = signature.Split(' ').Contains(expected);
        using var json = JsonDocument.Parse(body);
        Received.Enqueue(new ReceivedWebhook(id, json.RootElement.Clone(), valid, DateTimeOffset.UtcNow, context.Request.Headers["traceparent"].ToString()));

        var arrival = Interlocked.Increment(ref _arrivals);
        if (Hold is { } hold)
        {
            await hold(arrival);
        }

        var status = Respond(arrival);
        if (status is >= 200 and < 300)
        {
            Accepted.Enqueue(id);
        }
        else
        {
            foreach (var (name, value) in FailureHeaders)
            {
                context.Response.Headers[name] = value;
            }
        }

        return Results.StatusCode(status);
    }
}

/// <param name="TraceParent">The W3C trace context the request carried, if any.</param>
public sealed record ReceivedWebhook(string Id, JsonElement Body, bool SignatureValid, DateTimeOffset At, string TraceParent = "");
