using System.Net;

namespace Notifications.Silo;

/// <summary>
/// Without API keys every caller is tenant <c>default</c>, with its users' personal data and webhook secrets: fine on
/// this machine's loopback (the one-command start), never on an address others can reach unless the operator says so
/// (<c>Notifications:AllowAnonymous</c>).
/// </summary>
internal static class AnonymousAccessCheck
{
    public const string AllowAnonymousKey = "Notifications:AllowAnonymous";

    /// <summary>Refuses to start when the silo would listen beyond loopback without keys, naming the addresses and the ways out.</summary>
    public static void EnsureKeysBeyondLoopback(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ApiKeyAuthenticator>().KeysRequired || app.Configuration.GetValue<bool>(AllowAnonymousKey))
        {
            return;
        }

        var exposed = ListenAddresses(app.Configuration).Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {string.Join(", ", exposed)} without API keys: anyone who reaches it would read and send as tenant 'default'. " +
                $"Configure Notifications:ApiKeys (see README, Security), listen on localhost only, or set {AllowAnonymousKey}=true to serve anonymously on purpose.");
        }
    }

    /// <summary>Where Kestrel will listen, as configuration says: <c>urls</c>, <c>http_ports</c>/<c>https_ports</c> (every interface) and Kestrel endpoints.</summary>
    private static IEnumerable<string> ListenAddresses(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return url;
        }

        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            foreach (var port in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return $"*:{port}";
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        var host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        host = host.Split('/')[0];
        // The port follows the last colon, after a bracketed IPv6 address.
        var portAt = host.LastIndexOf(':');
        if (portAt > host.LastIndexOf(']'))
        {
            host = host[..portAt];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
               || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
