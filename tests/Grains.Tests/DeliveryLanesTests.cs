using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class DeliveryLanesTests
{
    private static readonly Dictionary<string, string?> FourSlots = new() { ["Notifications:Delivery:MaxConcurrentSends"] = "4" };

    [Fact]
    public async Task A_critical_notification_overtakes_a_queue_of_low_ones()
    {
        await using var sink = await WebhookSink.StartAsync();
        sink.Hold = _ => Task.Delay(20);
        // One silo: the lanes, and so the order they serve, are each silo's own.
        await using var silo = await GrainsSilo.StartAsync(settings: FourSlots, silos: 1);
        await silo.User("t", "low").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));
        await silo.User("t", "vip").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => silo.AcceptAsync($"low-{i}", new NotificationRequest("t", "low", "Promo", Priority: Priority.Low))));
        await silo.AcceptAsync("otp", new NotificationRequest("t", "vip", "Your code is 123456", Priority: Priority.Critical));
        await silo.WaitForAsync("otp", NotificationStatus.Delivered);
        await Eventually.TrueAsync(() => Task.FromResult(sink.Received.Count == 61), "every notification to arrive");

        var order = sink.Received.Select(r => r.Id).ToList();
        // Low ones hold at most three of the four slots, so the critical one goes out at once.
        Assert.InRange(order.IndexOf("otp"), 0, 8);
    }

    [Fact]
    public async Task Low_priority_is_not_starved_by_a_flood_of_critical()
    {
        await using var sink = await WebhookSink.StartAsync();
        sink.Hold = _ => Task.Delay(10);
        // One silo: the lanes, and so the order they serve, are each silo's own.
        await using var silo = await GrainsSilo.StartAsync(settings: FourSlots, silos: 1);
        await silo.User("t", "u").UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        // Accepted in one go, so that all of them wait in the lanes together.
        await Task.WhenAll(Enumerable.Range(0, 150).Select(i => silo.AcceptAsync($"crit-{i}", new NotificationRequest("t", "u", "Alert", Priority: Priority.Critical)))
            .Append(silo.AcceptAsync("promo", new NotificationRequest("t", "u", "Promo", Priority: Priority.Low))));
        await Eventually.TrueAsync(() => Task.FromResult(sink.Received.Count == 151), "every notification to arrive");

        var order = sink.Received.Select(r => r.Id).ToList();
        // Each round of the lanes serves up to 16 critical and 2 low.
        Assert.InRange(order.IndexOf("promo"), 0, 40);
    }

    [Fact]
    public async Task A_tenant_flooding_critical_sends_at_a_slow_receiver_does_not_hold_back_another_tenants()
    {
        await using var slow = await WebhookSink.StartAsync();
        slow.Hold = _ => Task.Delay(200);
        await using var fast = await WebhookSink.StartAsync();
        await using var silo = await GrainsSilo.StartAsync(settings: new() { ["Notifications:Delivery:MaxConcurrentSends"] = "16" }, silos: 1);
        await silo.User("flood", "u").UpdateAsync(new UserUpdate(WebhookUrl: slow.Url, WebhookSecret: slow.Secret));
        await silo.User("bank", "u").UpdateAsync(new UserUpdate(WebhookUrl: fast.Url, WebhookSecret: fast.Secret));

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => silo.AcceptAsync($"flood-{i}", new NotificationRequest("flood", "u", "Alert", Priority: Priority.Critical))));
        await silo.AcceptAsync("otp", new NotificationRequest("bank", "u", "Your code is 123456", Priority: Priority.Critical));
        await silo.WaitForAsync("otp", NotificationStatus.Delivered, tenant: "bank");
        var floodReceivedBefore = slow.Received.Count;

        // One in turn, and slots the flood cannot take: the OTP did not wait for the flood's queue to drain.
        Assert.InRange(floodReceivedBefore, 0, 40);
    }
}
