using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class StatsGrainTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_sent_again_is_counted_once_and_windows_slide_with_time()
    {
        var time = new JumpingTimeProvider(Now);
        await using var silo = await GrainsSilo.StartAsync(time);
        var stream = silo.Client.GetStreamProvider(InboxStreams.Provider).GetStream<DeliveryEventBatch>(StatsStreams.For("t"));
        var source = Guid.NewGuid();
        var first = new DeliveryEventBatch(source, 1, [Step("n1", NotificationStatus.Delivered, TimeSpan.FromMilliseconds(40)), Step("n2", NotificationStatus.Failed, TimeSpan.Zero)]);
        var second = new DeliveryEventBatch(source, 2, [Step("n3", NotificationStatus.Delivered, TimeSpan.FromMilliseconds(400))]);

        await stream.OnNextAsync(first);
        await stream.OnNextAsync(first);
        await stream.OnNextAsync(second);
        // Another silo counts its batches on its own: its first is not taken for one counted already.
        await stream.OnNextAsync(new DeliveryEventBatch(Guid.NewGuid(), 1, [Step("n4", NotificationStatus.Delivered, TimeSpan.FromMilliseconds(40))]));
        // Orleans' memory streams hand items to their consumer after the producer's call returns.
        StatsSnapshot now = null!;
        await Eventually.TrueAsync(async () => Count((now = await silo.Client.GetGrain<IStatsGrain>("t").GetAsync()).LastMinute, NotificationStatus.Delivered) == 3, "every batch to be counted");
        time.Advance(TimeSpan.FromMinutes(2));
        var later = await silo.Client.GetGrain<IStatsGrain>("t").GetAsync();

        Assert.Equal(3, Count(now.LastMinute, NotificationStatus.Delivered));
        Assert.Equal(1, Count(now.LastMinute, NotificationStatus.Failed));
        Assert.Equal(3, now.LastMinute.AcceptToDelivered.Count);
        Assert.InRange(now.LastMinute.AcceptToDelivered.P50Ms, 40 / 1.25, 40 * 1.25);
        Assert.InRange(now.LastMinute.AcceptToDelivered.P99Ms, 400 / 1.25, 400 * 1.25);
        Assert.Equal(0, Count(later.LastMinute, NotificationStatus.Delivered));
        Assert.Equal(3, Count(later.LastHour, NotificationStatus.Delivered));
        Assert.Equal(1, later.LastDay.Counts.Single(c => c.Status == NotificationStatus.Failed).Count);
    }

    [Fact]
    public async Task Transitions_that_travel_as_one_event_are_each_counted_at_their_own_time()
    {
        var time = new JumpingTimeProvider(Now);
        await using var silo = await GrainsSilo.StartAsync(time);
        var stream = silo.Client.GetStreamProvider(InboxStreams.Provider).GetStream<DeliveryEventBatch>(StatsStreams.For("t"));
        var acceptedAt = Now.AddSeconds(-61);
        DeliveryEvent At(NotificationStatus status, double secondsAfterAccept, string? provider = null) =>
            new("n1", status, Engagement: null, ChannelNames.Webhook, Priority.Normal, provider, Category: "orders", TemplateId: null,
                acceptedAt.AddSeconds(secondsAfterAccept), TimeSpan.FromSeconds(secondsAfterAccept));
        var gathering = new DeliveryEventGathering();
        // Accepted a minute ago, sent and delivered now: the accept belongs to the window before the last minute.
        foreach (var step in new[] { At(NotificationStatus.Accepted, 0), At(NotificationStatus.Sending, 60.5), At(NotificationStatus.Sent, 60.7, "hook"), At(NotificationStatus.Delivered, 61, "hook") })
        {
            gathering.Add(step);
        }

        var joined = Assert.Single(gathering.Take());
        await stream.OnNextAsync(new DeliveryEventBatch(Guid.NewGuid(), 1, [joined]));

        StatsSnapshot now = null!;
        await Eventually.TrueAsync(async () => Count((now = await silo.Client.GetGrain<IStatsGrain>("t").GetAsync()).LastHour, NotificationStatus.Delivered) == 1, "the batch to be counted");
        Assert.Equal(3, joined.Earlier!.Count);
        Assert.Equal(1, Count(now.LastHour, NotificationStatus.Accepted));
        Assert.Equal(1, Count(now.LastHour, NotificationStatus.Sending));
        Assert.Equal(0, Count(now.LastMinute, NotificationStatus.Accepted));
        Assert.Equal(1, Count(now.LastMinute, NotificationStatus.Sent));
        Assert.Equal("hook", now.LastMinute.Counts.Single(c => c.Status == NotificationStatus.Sent).Provider);
        Assert.InRange(now.LastMinute.AcceptToSent.P50Ms, 60_700 / 1.25, 60_700 * 1.25);
        Assert.InRange(now.LastMinute.AcceptToDelivered.P50Ms, 61_000 / 1.25, 61_000 * 1.25);
        Assert.Equal(1, now.LastHour.ByCategory.Single(e => e.Name == "orders").Delivered);
    }

    private static DeliveryEvent Step(string id, NotificationStatus status, TimeSpan sinceAccepted) =>
        new(id, status, Engagement: null, ChannelNames.Webhook, Priority.Normal, Provider: null, Category: null, TemplateId: null, Now, sinceAccepted);

    private static long Count(StatsWindow window, NotificationStatus status) => window.Counts.Where(c => c.Status == status).Sum(c => c.Count);
}
