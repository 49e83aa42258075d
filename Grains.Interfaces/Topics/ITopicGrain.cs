namespace Notifications.Grains;

/// <summary>
/// One topic of one tenant, keyed <c>tenant/topic</c>: its definition and its subscribers, kept in pages of up to
/// <c>1,000</c> in the order they subscribed. Which page holds a user is kept by the user's own grain.
/// </summary>
[Alias("Notifications.Grains.ITopicGrain")]
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>Creates the topic; false with the existing one when it exists already.</summary>
    [Alias("CreateAsync")]
    Task<(bool Created, TopicSnapshot Topic)> CreateAsync(TopicDefinition definition);

    /// <summary>The topic, or null when there is none.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<TopicSnapshot?> GetAsync();

    /// <summary>Subscribes these users, or sets their channel and priority again; null when there is no such topic.</summary>
    [Alias("SubscribeAsync")]
    Task<SubscribeOutcome?> SubscribeAsync(IReadOnlyList<TopicSubscription> subscriptions);

    /// <summary>False when the user was not subscribed.</summary>
    [Alias("UnsubscribeAsync")]
    Task<bool> UnsubscribeAsync(string userId);

    /// <summary>
    /// A subscriber was taken out of its page by its own grain (the user was deleted): the count follows. One-way, so
    /// that a user's deletion never waits on the topic while the topic may be waiting on that user (a subscription).
    /// </summary>
    [OneWay]
    [Alias("SubscriberLeftAsync")]
    Task SubscriberLeftAsync();

    [ReadOnly]
    [Alias("GetSubscribersAsync")]
    Task<TopicSubscriberPage?> GetSubscribersAsync(int page);

    /// <summary>Accepts a send to every current subscriber, fanned out page by page; null when there is no such topic.</summary>
    [Alias("SendAsync")]
    Task<TopicSendResult?> SendAsync(string sendId, NotificationRequest request, string requestHash);

    /// <summary>
    /// Deletes the topic: at once it is gone for reads, subscriptions and sends; its subscribers are then let go a
    /// page at a time under a reminder, and the topic's id is free again when the last page is done. False when
    /// there is no such topic; the task's result also says whether it finished at once.
    /// </summary>
    [Alias("DeleteAsync")]
    Task<(bool Deleted, bool Finished)> DeleteAsync();

    /// <summary>The ids of the topic's latest sends, newest first.</summary>
    [ReadOnly]
    [Alias("ListSendsAsync")]
    Task<IReadOnlyList<string>> ListSendsAsync();

    /// <summary>Lists a live topic in its tenant's directory if it is not there (the directories' backfill of a file written before they existed).</summary>
    [Alias("EnsureListedAsync")]
    Task EnsureListedAsync();
}
