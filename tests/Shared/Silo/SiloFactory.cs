using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Notifications.Testing;

/// <summary>The real silo in-process over a SQLite file of its own, with the settings a test gives.</summary>
public sealed class SiloFactory(Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("silo-").FullName;

    /// <summary>
    /// Orleans' own allocator, which reserves ports across every test process on the machine (the grain tests' clusters
    /// run beside these): a port found free and let go could be taken by another silo before this one binds it.
    /// </summary>
    private readonly Orleans.TestingHost.TestClusterPortAllocator _ports = new();

    public string DatabasePath => Path.Combine(_directory, "notifications.db");

    /// <summary>Where an Orleans client reaches the silo (known once the silo is built).</summary>
    public int GatewayPort { get; private set; }

    /// <summary>A client that sends <paramref name="apiKey"/> as its bearer token.</summary>
    public HttpClient CreateClientWithKey(string apiKey)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Notifications:Storage:Provider", "sqlite");
        builder.UseSetting("Notifications:Storage:Sqlite:Path", DatabasePath);
        builder.UseSetting("Notifications:Storage:Sqlite:Synchronous", "NORMAL");
        // Test classes run side by side, each with a silo of its own.
        var (siloPort, gatewayPort) = _ports.AllocateConsecutivePortPairs(1);
        GatewayPort = gatewayPort;
        builder.UseSetting("Notifications:Orleans:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Orleans:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Tests time retries with RetryBaseDelay; the webhook schedule, hours long, is tested on its own.
        builder.UseSetting("Notifications:Delivery:RetrySchedules:webhook", "");
        // The tests' receivers listen on loopback, over plain http.
        builder.UseSetting("Notifications:Outbound:AllowLoopback", "true");
        builder.UseSetting("Notifications:Outbound:AllowHttp", "true");
        foreach (var (key, value) in settings ?? [])
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _ports.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
