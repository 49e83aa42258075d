namespace Notifications.Grains.Tests;

public sealed class FanOutPageGrainTests
{
    private const string SendId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_page_delivers_and_records_each_recipient_and_a_repeat_answers_what_it_did()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var (page, work) = Page(silo, new NotificationRequest("t", "", "Maintenance tonight"), "ann", "bo");

        var first = await page.DeliverAsync(work);
        var repeat = await page.DeliverAsync(work);
        var ann = await silo.Notification(work.Recipients[0].NotificationId).GetAsync("t");
        var otherTenant = await silo.Notification(work.Recipients[0].NotificationId).GetAsync("u");

        Assert.Equal(new FanOutPageResult(2, 0), first);
        Assert.Equal(first, repeat);
        Assert.Equal(NotificationStatus.Delivered, ann!.Status);
        Assert.Equal(("ann", SendId, "log"), (ann.Request.UserId, ann.Request.FanOutId, ann.History[^1].Channel));
        Assert.Equal(
            [NotificationStatus.Accepted, NotificationStatus.Routing, NotificationStatus.Sending, NotificationStatus.Sent, NotificationStatus.Delivered],
            ann.History.Select(t => t.Status));
        Assert.Null(otherTenant);
        Assert.Equal([work.Recipients[1].NotificationId], await page.NotificationsOfAsync("bo"));
    }

    [Fact]
    public async Task Recipients_whose_send_expired_before_their_turn_are_recorded_as_expired_without_being_routed()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var (page, work) = Page(silo, new NotificationRequest("t", "", "Flash sale", ExpiresAt: DateTimeOffset.UtcNow.AddSeconds(-1)), "cy");

        await page.DeliverAsync(work);
        var cy = await silo.Notification(work.Recipients[0].NotificationId).GetAsync("t");

        Assert.Equal(NotificationStatus.Expired, cy!.Status);
        Assert.Equal([NotificationStatus.Accepted, NotificationStatus.Expired], cy.History.Select(t => t.Status));
        Assert.Equal(0, cy.Attempts);
    }

    [Fact]
    public async Task A_recipient_routing_defers_is_handed_to_a_notification_of_its_own_that_waits()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var tomorrow = DateTime.UtcNow.AddDays(1);
        var (page, work) = Page(silo, new NotificationRequest("t", "", "Good morning", SendAtLocal: tomorrow), "di");

        var result = await page.DeliverAsync(work);
        var di = await silo.Notification(work.Recipients[0].NotificationId).GetAsync("t");

        Assert.Equal(new FanOutPageResult(1, 0), result);
        Assert.Equal(NotificationStatus.Scheduled, di!.Status);
        Assert.Equal([NotificationStatus.Accepted, NotificationStatus.Routing, NotificationStatus.Scheduled], di.History.Select(t => t.Status));
        Assert.NotNull(di.NextAttemptAt);
        Assert.Empty(await page.NotificationsOfAsync("di"));
    }

    private static (IFanOutPageGrain Page, FanOutPageWork Work) Page(GrainsSilo silo, NotificationRequest request, params string[] users) =>
        (silo.Client.GetGrain<IFanOutPageGrain>(FanOutNotificationId.Page(SendId, 0)), new FanOutPageWork(request with { FanOutId = SendId }, SendId,
            [.. users.Select(user => new FanOutRecipient(FanOutNotificationId.For(SendId, 0, user), user, Channel: null, request.Priority))]));
}
