namespace Notifications.Grains.Tests;

public sealed class DeliveryEventGatheringTests
{
    private static readonly DateTimeOffset AcceptedAt = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_notifications_transitions_travel_as_one_event_and_come_apart_as_they_happened()
    {
        var gathering = new DeliveryEventGathering();
        gathering.Add(Event("a", NotificationStatus.Accepted, 0));
        gathering.Add(Event("b", NotificationStatus.Accepted, 0));
        gathering.Add(Event("a", NotificationStatus.Sending, 1, ChannelNames.Webhook));
        gathering.Add(Event("a", NotificationStatus.Accepted, 2) with { Status = null, Engagement = EngagementAction.Opened });
        gathering.Add(Event("b", NotificationStatus.Routing, 3));
        gathering.Add(Event("a", NotificationStatus.Delivered, 4, ChannelNames.Webhook, "hook"));
        // Accepted at another time: another notification under the same id as far as the gathering can tell.
        gathering.Add(Event("b", NotificationStatus.Sending, 5) with { SinceAccepted = TimeSpan.FromMilliseconds(1) });

        var events = gathering.Take();

        Assert.Equal(["a", "b", "a", "b"], events.Select(e => e.NotificationId));
        Assert.Equal([NotificationStatus.Delivered, NotificationStatus.Routing, null, NotificationStatus.Sending], events.Select(e => e.Status));
        var a = events[0].Steps().ToList();
        Assert.Equal([NotificationStatus.Accepted, NotificationStatus.Sending, NotificationStatus.Delivered], a.Select(e => e.Status));
        Assert.Equal([0, 1, 4], a.Select(e => (e.At - AcceptedAt).TotalMilliseconds));
        Assert.All(a, e => Assert.Equal(AcceptedAt, e.AcceptedAt));
        Assert.Equal([null, ChannelNames.Webhook, ChannelNames.Webhook], a.Select(e => e.Channel));
        Assert.Equal([null, null, "hook"], a.Select(e => e.Provider));
        Assert.Equal([NotificationStatus.Accepted, NotificationStatus.Routing], events[1].Steps().Select(e => e.Status));
        Assert.Null(events[2].Earlier);
        Assert.Null(events[3].Earlier);
        Assert.Empty(gathering.Take());
    }

    [Fact]
    public void A_message_log_row_keeps_what_the_transitions_carried_before_the_last_said()
    {
        var gathering = new DeliveryEventGathering();
        gathering.Add(Event("a", NotificationStatus.Accepted, 0));
        gathering.Add(Event("a", NotificationStatus.Sending, 1, ChannelNames.Webhook, "hook"));
        gathering.Add(Event("a", NotificationStatus.Failed, 2));
        var joined = Assert.Single(gathering.Take());

        var row = MessageLogRow.Of(joined);
        // A step reported late, older than the row's latest, fills nothing in and moves nothing back.
        var later = row.With(Event("a", NotificationStatus.Sending, 1, ChannelNames.Email));

        Assert.Equal((NotificationStatus.Failed, ChannelNames.Webhook, "hook", AcceptedAt.AddMilliseconds(2)), (row.Status, row.Channel, row.Provider, row.UpdatedAt));
        Assert.Equal(row, later);
        Assert.Equal(AcceptedAt, row.AcceptedAt);
    }

    private static DeliveryEvent Event(string id, NotificationStatus status, int millisecondsAfterAccept, string? channel = null, string? provider = null) =>
        new(id, status, Engagement: null, channel, Priority.Normal, provider, Category: null, TemplateId: null,
            AcceptedAt.AddMilliseconds(millisecondsAfterAccept), TimeSpan.FromMilliseconds(millisecondsAfterAccept), UserId: "u", FanOutId: "f");
}
