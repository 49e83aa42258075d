using Microsoft.Extensions.DependencyInjection;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class ClusterBacklogTests
{
    [Fact]
    public async Task A_silo_with_nothing_waiting_refuses_work_while_the_cluster_is_behind_and_takes_it_again_once_it_caught_up()
    {
        await using var silo = await GrainsSilo.StartAsync(settings: new()
        {
            ["Notifications:Delivery:MaxConcurrentSends"] = "4",
            ["Notifications:Delivery:MaxBacklog"] = "10",
        });
        var (busy, idle) = (silo.SiloServices.First().GetRequiredService<DeliveryLanes>(), silo.SiloServices.Last().GetRequiredService<DeliveryLanes>());

        // Every slot of the busy silo taken, and thirty steps waiting behind them: fifteen a silo, past the limit of ten.
        var held = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => busy.EnterAsync(Priority.Critical, "t")));
        var waiting = Enumerable.Range(0, 30).Select(_ => busy.EnterAsync(Priority.Normal, "t")).ToArray();
        await Eventually.TrueAsync(() => idle.IsOverloaded(Priority.Normal), "the idle silo to hear the cluster's backlog");
        var idleBacklog = idle.Backlog;
        var criticalRefused = idle.IsOverloaded(Priority.Critical);
        var highRefused = idle.IsOverloaded(Priority.High);

        foreach (var lease in held)
        {
            lease.Dispose();
        }

        // Each waiting step goes once a slot is free, and frees it for the next.
        await Task.WhenAll(waiting.Select(async entering => (await entering).Dispose()));

        await Eventually.TrueAsync(() => !idle.IsOverloaded(Priority.Normal), "the idle silo to hear the cluster caught up");

        Assert.Equal(0, idleBacklog);
        // Critical is never refused; high only past twice the limit.
        Assert.False(criticalRefused);
        Assert.False(highRefused);
    }
}
