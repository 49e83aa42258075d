using System.Net;
using System.Net.Http.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class SoftBackPressureTests() : SiloWithSink(new()
{
    ["Notifications:Delivery:MaxConcurrentSends"] = "4",
    ["Notifications:Delivery:SoftBacklog"] = "2",
    ["Notifications:Delivery:SoftBacklogMaxWait"] = "00:00:30",
})
{
    [Fact]
    public async Task A_sender_that_outruns_delivery_is_held_until_the_lanes_drain_while_critical_passes()
    {
        await PutUserWithWebhookAsync("flood");
        var gate = new TaskCompletionSource();
        Sink.Hold = _ => gate.Task;
        // Three in flight (all that normal priority may take of four slots) and three waiting: past the soft limit of two.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "flood", message = $"n{i}" })).StatusCode);
        }

        var held = Http.PostAsJsonAsync("/v1/notifications", new { user_id = "flood", message = "one too many" });
        var critical = await Http.PostAsJsonAsync("/v1/notifications", new { user_id = "flood", message = "Your code is 123456", priority = "critical" });
        await Task.Delay(300);
        var heldWhileBlocked = !held.IsCompleted;
        gate.SetResult();

        Assert.Equal(HttpStatusCode.Accepted, critical.StatusCode);
        Assert.True(heldWhileBlocked, "the normal send was answered while delivery was stuck");
        Assert.Equal(HttpStatusCode.Accepted, (await held).StatusCode);
    }
}
