namespace Notifications.Grains;

/// <summary>
/// One send to a topic, keyed by its id: hands the topic's pages of subscribers to fan-out pages (<see cref="IFanOutPageGrain"/>),
/// two at a time. Its progress is durable after every page and a reminder keeps it going, so a crash resumes the
/// fan-out at the page it reached; each subscriber's notification id is derived from the send, the page and the user.
/// </summary>
[Alias("Notifications.Grains.ITopicSendGrain")]
public interface ITopicSendGrain : IGrainWithStringKey
{
    /// <summary>Stores the send durably and starts its fan-out; a repeated id answers the send it already has.</summary>
    [Alias("StartAsync")]
    Task<TopicSendResult> StartAsync(string tenant, TopicSendStart start);

    /// <summary>The send, or null when there is none with this id for the tenant.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<TopicSendSnapshot?> GetAsync(string tenant);

    /// <summary>Removes the send's record at the end of its tenant's retention, once it is done (and finished before <paramref name="finishedBefore"/>).</summary>
    [Alias("ExpireAsync")]
    Task ExpireAsync(DateTimeOffset finishedBefore);
}
