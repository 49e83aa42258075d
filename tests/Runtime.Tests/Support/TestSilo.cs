using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Runtime.Tests;

/// <summary>A runtime with the test grains, started without a web host.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestSilo(ServiceProvider services)
    {
        _services = services;
        Runtime = services.GetRequiredService<GrainRuntime>();
    }

    public GrainRuntime Runtime { get; }

    public Probe Probe => _services.GetRequiredService<Probe>();

    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<TestSilo> StartAsync(Action<GrainRuntimeBuilder>? configure = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<Probe>();
        collection.AddSingleton<Rendezvous>();
        if (time is not null)
        {
            collection.AddSingleton(time);
        }

        collection.AddGrainRuntime(builder =>
        {
            builder.AddGrains(typeof(TestSilo).Assembly).AddMemoryStreams("events");
            configure?.Invoke(builder);
        });
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider();
        var silo = new TestSilo(provider);
        await silo.Runtime.StartAsync(CancellationToken.None);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
