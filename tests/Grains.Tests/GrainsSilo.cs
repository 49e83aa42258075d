using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Runtime;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

/// <summary>The notification grains on a runtime of their own, without the HTTP front door.</summary>
internal sealed class GrainsSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private GrainsSilo(ServiceProvider services)
    {
        _services = services;
        Runtime = services.GetRequiredService<GrainRuntime>();
    }

    public GrainRuntime Runtime { get; }

    public IServiceProvider Services => _services;

    public static async Task<GrainsSilo> StartAsync(TimeProvider? time = null, string? sqlitePath = null, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var configuration = new ConfigurationBuilder()
            // Tests time retries with RetryBaseDelay; the webhook schedule, hours long, is tested on its own.
            .AddInMemoryCollection([new("Notifications:Delivery:RetrySchedules:webhook", "")])
            .AddInMemoryCollection(settings ?? [])
            .Build();
        services.AddGrainRuntime(runtime =>
        {
            // Manual time would otherwise expire calls in flight whenever a test jumps ahead.
            runtime.Configure(o => o.ResponseTimeout = TimeSpan.FromDays(7));
            if (sqlitePath is not null)
            {
                runtime.UseSqliteStorage(o => o.Path = sqlitePath);
            }

            runtime.AddNotificationGrains(configuration);
        });
        var provider = services.BuildServiceProvider();
        var silo = new GrainsSilo(provider);
        await silo.Runtime.StartAsync(CancellationToken.None);
        return silo;
    }

    public INotificationGrain Notification(string id) => Runtime.GetGrain<INotificationGrain>(id);

    public IUserGrain User(string tenant, string userId) => Runtime.GetGrain<IUserGrain>(UserKey.For(tenant, userId));

    public async Task<NotificationSnapshot> AcceptAsync(string id, NotificationRequest request, string hash = "h1")
    {
        var result = await Notification(id).AcceptAsync(request, hash);
        Assert.Equal(AcceptOutcome.Accepted, result.Outcome);
        return result.Notification;
    }

    public async Task<NotificationSnapshot> WaitForAsync(string id, NotificationStatus status, string tenant = "t")
    {
        NotificationSnapshot? last = null;
        try
        {
            await Eventually.TrueAsync(async () => (last = await Notification(id).GetAsync(tenant))?.Status == status, $"notification {id} to become {status}");
        }
        catch (Xunit.Sdk.XunitException) when (last is not null)
        {
            var history = string.Join(Environment.NewLine, last.History.Select(t => $"  {t.Status} {t.Channel} {t.Reason}"));
            throw new Xunit.Sdk.XunitException($"Notification {id} did not become {status}; its history:{Environment.NewLine}{history}");
        }

        return last!;
    }

    /// <summary>Moves fake time a second at a time until the notification reaches <paramref name="status"/>.</summary>
    public async Task AdvanceUntilAsync(ManualTimeProvider time, string id, NotificationStatus status, TimeSpan? step = null, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps && (await Notification(id).GetAsync("t"))?.Status != status; i++)
        {
            time.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
