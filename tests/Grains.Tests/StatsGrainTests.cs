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
    public async Task A_batch_of_counted_seconds_adds_up_as_its_steps_one_by_one_would()
    {
        var time = new JumpingTimeProvider(Now);
        await using var silo = await GrainsSilo.StartAsync(time);
        var stream = silo.Client.GetStreamProvider(InboxStreams.Provider).GetStream<DeliveryEventBatch>(StatsStreams.For("t"));
        var builder = new DeliveryEventBatchBuilder();
        builder.Add(Step("n1", NotificationStatus.Delivered, TimeSpan.FromMilliseconds(40)));
        builder.Add(Step("n2", NotificationStatus.Delivered, TimeSpan.FromMilliseconds(400)));
        builder.Add(Step("n3", NotificationStatus.Failed, TimeSpan.Zero) with { At = Now.AddSeconds(-1) });

        await stream.OnNextAsync(builder.Build(Guid.NewGuid(), 1));
        StatsSnapshot now = null!;
        await Eventually.TrueAsync(async () => Count((now = await silo.Client.GetGrain<IStatsGrain>("t").GetAsync()).LastMinute, NotificationStatus.Delivered) == 2, "the batch to be counted");

        Assert.Equal(1, Count(now.LastMinute, NotificationStatus.Failed));
        Assert.Equal(2, now.LastMinute.AcceptToDelivered.Count);
        Assert.InRange(now.LastMinute.AcceptToDelivered.P99Ms, 400 / 1.25, 400 * 1.25);
        // The series ends at the provider's now, which moves on with the clock while the test runs.
        Assert.Equal(2, now.Series.Single(point => point.At == Now).Delivered);
        Assert.Equal(1, now.Series.Single(point => point.At == Now.AddSeconds(-1)).Failed);
    }

    private static DeliveryEvent Step(string id, NotificationStatus status, TimeSpan sinceAccepted) =>
        new(id, status, Engagement: null, ChannelNames.Webhook, Priority.Normal, Provider: null, Category: null, TemplateId: null, Now, sinceAccepted);

    private static long Count(StatsWindow window, NotificationStatus status) => window.Counts.Where(c => c.Status == status).Sum(c => c.Count);
}
