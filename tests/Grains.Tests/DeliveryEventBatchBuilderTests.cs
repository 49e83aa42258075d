namespace Notifications.Grains.Tests;

public sealed class DeliveryEventBatchBuilderTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 12, 7, 12, 0, 59, 900, TimeSpan.Zero);

    [Fact]
    public void Steps_are_counted_by_the_second_they_happened_in_and_folded_into_a_row_per_notification()
    {
        var builder = new DeliveryEventBatchBuilder();
        var source = Guid.NewGuid();
        DeliveryEvent[] steps =
        [
            Step("n1", NotificationStatus.Accepted, Accepted),
            Step("n2", NotificationStatus.Accepted, Accepted),
            Step("n1", NotificationStatus.Sending, Accepted.AddMilliseconds(50), channel: ChannelNames.Webhook),
            Step("n1", NotificationStatus.Delivered, Accepted.AddMilliseconds(150), channel: ChannelNames.Webhook, provider: "hooks"),
            // Reported after a later step: it fills in what the row lacks but does not move it back.
            Step("n1", NotificationStatus.Sent, Accepted.AddMilliseconds(120), channel: ChannelNames.Webhook),
            Step("n2", NotificationStatus.Failed, Accepted.AddMilliseconds(30), channel: ChannelNames.Email, provider: "smtp"),
            // An engagement is counted but makes no row of its own.
            new("n3", Status: null, EngagementAction.Opened, ChannelNames.Email, Priority.High, Provider: null, "news", "tpl", Accepted.AddMilliseconds(200), TimeSpan.FromSeconds(5)),
        ];
        foreach (var step in steps)
        {
            builder.Add(step);
        }

        var batch = builder.Build(source, 7);

        Assert.Equal((source, 7L), (batch.Source, batch.Sequence));
        Assert.Empty(batch.Events);
        var expectedRows = steps.Where(s => s.Status is not null).GroupBy(s => s.NotificationId)
            .Select(g => g.Skip(1).Aggregate(MessageLogRow.Of(g.First()), (row, step) => row.With(step))).ToArray();
        Assert.Equal(expectedRows, batch.Rows);
        Assert.Equal((NotificationStatus.Delivered, ChannelNames.Webhook, "hooks"), (batch.Rows![0].Status, batch.Rows[0].Channel, batch.Rows[0].Provider));
        Assert.Equal(Accepted.AddMilliseconds(150), batch.Rows[0].UpdatedAt);

        var counted = new StatsBucket();
        foreach (var second in batch.Seconds!)
        {
            counted.Add(second);
        }

        var oneByOne = new StatsBucket();
        foreach (var step in steps)
        {
            oneByOne.Add(step);
        }

        Assert.Equal([Accepted.ToUnixTimeSeconds(), Accepted.ToUnixTimeSeconds() + 1], batch.Seconds!.Select(s => s.Second).Order());
        Assert.Equivalent(oneByOne.ToWindow(), counted.ToWindow(), strict: true);
        Assert.Equal(1, counted.ToWindow().ByCategory.Single(c => c.Name == "news").Opened);
    }

    private static DeliveryEvent Step(string id, NotificationStatus status, DateTimeOffset at, string? channel = null, string? provider = null) =>
        new(id, status, Engagement: null, channel, Priority.High, provider, "news", "tpl", at, at - Accepted, UserId: "u-" + id, FanOutId: "f1", Topic: "t1");
}
