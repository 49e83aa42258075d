using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class RoutingCardTests
{
    private const string SendId = "fedcba9876543210fedcba9876543210";

    [Fact]
    public async Task Each_page_a_user_is_subscribed_on_keeps_their_card_current_as_preferences_and_addresses_change_and_forgets_it_when_they_leave()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var ann = silo.User("t", "ann");
        await ann.UpdateAsync(new UserUpdate(Email: "ann@example.com"));
        var news = await TopicAsync(silo, "news");
        var sale = await TopicAsync(silo, "sale");
        await news.SubscribeAsync([new TopicSubscription("ann", Channel: null, Priority: null, DateTimeOffset.UtcNow),
            new TopicSubscription("cy", Channel: null, Priority: null, DateTimeOffset.UtcNow)]);
        await sale.SubscribeAsync([new TopicSubscription("ann", Channel: null, Priority: null, DateTimeOffset.UtcNow)]);
        var newsPage = silo.Client.GetGrain<ITopicPageGrain>(TopicKey.Page(TopicKey.For("t", "news"), 0));
        var salePage = silo.Client.GetGrain<ITopicPageGrain>(TopicKey.Page(TopicKey.For("t", "sale"), 0));

        var joined = (await newsPage.GetForSendAsync()).Cards["ann"];
        await ann.UpdatePreferencesAsync(new PreferenceUpdate(Categories: new Dictionary<string, bool> { ["promo"] = false }, QuietHours: new QuietHours(new(22, 0), new(7, 0))));
        var optedOut = (await salePage.GetForSendAsync()).Cards["ann"];
        await ann.MarkUnreachableAsync(ChannelNames.Email, ["ann@example.com"], "Bounced for good.");
        var bounced = (await newsPage.GetForSendAsync()).Cards["ann"];
        // A write that changes nothing of the card (only the profile's update time) sends the pages nothing.
        await ann.UpdateAsync(new UserUpdate());
        var unchanged = (await newsPage.GetForSendAsync()).Cards["ann"];
        await news.UnsubscribeAsync("ann");
        var afterLeaving = await newsPage.GetForSendAsync();
        var stillOnSale = (await salePage.GetForSendAsync()).Cards["ann"];

        Assert.Equal(("ann@example.com", false), (joined.Email, joined.EmailUnreachable));
        Assert.False(optedOut.Categories!["promo"]);
        Assert.Equal(new QuietHours(new(22, 0), new(7, 0)), optedOut.QuietHours);
        Assert.True(optedOut.Version > joined.Version);
        Assert.Equal((null, true), (bounced.Email, bounced.EmailUnreachable));
        Assert.Equal(bounced.Version, unchanged.Version);
        Assert.Equal(["cy"], afterLeaving.Subscribers.Select(s => s.UserId));
        Assert.Equal(["cy"], afterLeaving.Cards.Keys);
        Assert.Equal(bounced.Version, stillOnSale.Version);
    }

    [Fact]
    public async Task A_card_sent_while_the_subscription_is_on_its_way_to_the_page_reaches_it_by_the_users_reminder()
    {
        await using var silo = await GrainsSilo.StartAsync(settings: new() { ["Notifications:Delivery:ResumeCheckInterval"] = "00:00:02" });
        var dee = silo.User("t", "dee");
        await dee.UpdateAsync(new UserUpdate(Email: "dee@example.com"));
        await TopicAsync(silo, "news");
        var page = silo.Client.GetGrain<ITopicPageGrain>(TopicKey.Page(TopicKey.For("t", "news"), 0));

        // The topic's part of a subscription, slowed down: the user joins, changes, and only then does the page hear of it.
        var membership = await dee.JoinTopicAsync("news", page: 0, bulk: false);
        await dee.UpdatePreferencesAsync(new PreferenceUpdate(OptedOut: true));
        await page.UpsertAsync([new TopicSubscription("dee", Channel: null, Priority: null, DateTimeOffset.UtcNow, membership.Incarnation)],
            new Dictionary<string, RoutingCard> { ["dee"] = membership.Card! });
        var arrived = (await page.GetForSendAsync()).Cards["dee"];

        Assert.False(membership.Card!.OptedOut);
        Assert.False(arrived.OptedOut);
        await Eventually.TrueAsync(async () => (await page.GetForSendAsync()).Cards["dee"].OptedOut, "the opt-out on the page's card", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_subscriber_left_on_a_page_by_a_failed_removal_is_taken_off_it_by_unsubscribing_again_or_by_their_deletion()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var topic = await TopicAsync(silo, "news");
        await topic.SubscribeAsync([.. new[] { "eve", "fay", "gus" }.Select(u => new TopicSubscription(u, Channel: null, Priority: null, DateTimeOffset.UtcNow))]);
        var page = silo.Client.GetGrain<ITopicPageGrain>(TopicKey.Page(TopicKey.For("t", "news"), 0));

        // Each user forgets the topic, as an unsubscription does first; the page never hears of it.
        await silo.User("t", "eve").LeaveTopicAsync("news");
        await silo.User("t", "fay").LeaveTopicAsync("news");
        var unsubscribed = await topic.UnsubscribeAsync("eve");
        await silo.User("t", "fay").DeleteAsync();
        var left = await page.GetForSendAsync();

        Assert.True(unsubscribed);
        Assert.Equal(["gus"], left.Subscribers.Select(s => s.UserId));
        Assert.Equal(["gus"], left.Cards.Keys);
        Assert.Equal(1, (await topic.GetAsync())!.SubscriberCount);
    }

    [Fact]
    public async Task A_subscriber_whose_page_keeps_no_card_is_routed_by_their_grain_which_sends_the_page_their_card()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var topic = await TopicAsync(silo, "news");
        await topic.SubscribeAsync([new TopicSubscription("hal", Channel: null, Priority: null, DateTimeOffset.UtcNow)]);
        var page = silo.Client.GetGrain<ITopicPageGrain>(TopicKey.Page(TopicKey.For("t", "news"), 0));
        // Ian subscribed as before pages kept cards: his grain knows the page, the page has no card of his.
        var ian = await silo.User("t", "ian").JoinTopicAsync("news", page: 0, bulk: false);
        await page.UpsertAsync([new TopicSubscription("ian", Channel: null, Priority: null, DateTimeOffset.UtcNow, ian.Incarnation)]);
        var before = await page.GetForSendAsync();

        var sendId = Guid.CreateVersion7().ToString("N");
        await topic.SendAsync(sendId, new NotificationRequest("t", "", "Hello"), "h");
        var send = silo.Client.GetGrain<ITopicSendGrain>(sendId);
        await Eventually.TrueAsync(async () => (await send.GetAsync("t"))?.Status == FanOutStatus.Completed, "the send fanned out", TimeSpan.FromSeconds(30));
        var delivered = await silo.Client.GetGrain<IFanOutPageGrain>(FanOutNotificationId.Page(sendId, 0)).FindAsync(FanOutNotificationId.For(sendId, 0, "ian"));

        Assert.Equal(["hal"], before.Cards.Keys);
        Assert.Equal(NotificationStatus.Delivered, delivered!.Status);
        // Sent without the routing waiting for it.
        await Eventually.TrueAsync(async () => (await page.GetForSendAsync()).Cards.ContainsKey("ian"), "Ian's card on the page", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_page_routes_a_recipient_by_their_card_and_asks_their_grain_when_the_dedupe_window_or_a_cap_applies()
    {
        await using var silo = await GrainsSilo.StartAsync();
        // The user turned promotions off (on no topic, the change is sent to no page); the card is an older one.
        await silo.User("t", "bo").UpdatePreferencesAsync(new PreferenceUpdate(Categories: new Dictionary<string, bool> { ["promo"] = false }));
        var card = new RoutingCard(1, Language: "en");
        var request = new NotificationRequest("t", "", "Half price", Category: "promo");

        var byCard = await DeliverAsync(silo, 0, request, card);
        var deduped = await DeliverAsync(silo, 1, request with { DedupeKey = "half-price" }, card);
        var capped = await DeliverAsync(silo, 2, request with { CategoryPolicy = new CategoryPolicy(CapLimit: 5, CapPer: TimeSpan.FromHours(1)) }, card);
        var noCard = await DeliverAsync(silo, 3, request, card: null);

        Assert.Equal(NotificationStatus.Delivered, byCard.Status);
        Assert.Equal(NotificationStatus.Suppressed, deduped.Status);
        Assert.Contains("opted out of the 'promo' category", deduped.History[^1].Reason);
        Assert.Equal(NotificationStatus.Suppressed, capped.Status);
        Assert.Equal(NotificationStatus.Suppressed, noCard.Status);
    }

    private static async Task<ITopicGrain> TopicAsync(GrainsSilo silo, string id)
    {
        var topic = silo.Client.GetGrain<ITopicGrain>(TopicKey.For("t", id));
        await topic.CreateAsync(new TopicDefinition(id, ServiceType: null, Metadata: null, DateTimeOffset.UtcNow));
        return topic;
    }

    private static async Task<NotificationSnapshot> DeliverAsync(GrainsSilo silo, int page, NotificationRequest request, RoutingCard? card)
    {
        var notificationId = FanOutNotificationId.For(SendId, page, "bo");
        await silo.Client.GetGrain<IFanOutPageGrain>(FanOutNotificationId.Page(SendId, page)).DeliverAsync(new FanOutPageWork(request with { FanOutId = SendId }, SendId,
            [new FanOutRecipient(notificationId, "bo", Channel: null, request.Priority, Card: card)]));
        return (await silo.Notification(notificationId).GetAsync("t"))!;
    }
}
