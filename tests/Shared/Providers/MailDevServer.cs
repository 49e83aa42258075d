using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Testing;

/// <summary>
/// A real SMTP server (maildev, installed into tools/ by test.sh) on loopback ports of its own, with its HTTP API to
/// read back what it received.
/// </summary>
public sealed class MailDevServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _api;
    private readonly string _directory;

    private MailDevServer(Process process, int smtpPort, int webPort, string directory)
    {
        _process = process;
        _directory = directory;
        SmtpPort = smtpPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
    }

    public int SmtpPort { get; }

    /// <param name="user">With <paramref name="password"/>, the server demands AUTH.</param>
    public static async Task<MailDevServer> StartAsync(string? user = null, string? password = null)
    {
        var script = RepositoryPaths.ToolScript("maildev", "dist", "bin", "maildev.js");

        var smtpPort = WebhookSink.FreePort();
        var webPort = WebhookSink.FreePort();
        var directory = Directory.CreateTempSubdirectory("maildev-").FullName;
        string[] arguments = [script, "--smtp", $"{smtpPort}", "--web", $"{webPort}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--mail-directory", directory, "--silent"];
        if (user is not null)
        {
            arguments = [.. arguments, "--incoming-user", user, "--incoming-pass", password ?? ""];
        }

        var process = await ServerProcess.StartListeningAsync("node", arguments, smtpPort);
        var server = new MailDevServer(process, smtpPort, webPort, directory);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await server._api.GetAsync("/api/healthz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "maildev to start");
        return server;
    }

    /// <summary>Every message received, parsed by maildev: headers, html, text, envelope.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync() =>
        await _api.GetFromJsonAsync<JsonElement[]>("/api/email") ?? [];

    /// <summary>The message as it came over the wire.</summary>
    public Task<string> SourceAsync(string id) => _api.GetStringAsync($"/api/email/{id}/source");

    /// <summary>The message's header section as sent, folded lines joined, by name (case-insensitive).</summary>
    public async Task<IReadOnlyDictionary<string, string>> HeadersAsync(string id)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in (await SourceAsync(id)).Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (char.IsWhiteSpace(line[0]) && last is not null)
            {
                headers[last] += " " + line.Trim();
            }
            else if (line.IndexOf(':') is > 0 and var colon)
            {
                last = line[..colon];
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _api.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
