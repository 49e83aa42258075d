using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>
/// One send to a topic, keyed by its id: makes each subscriber's notification, a page at a time. Its progress is
/// durable after every page and a reminder keeps it going, so a crash resumes the fan-out at the page it reached;
/// each subscriber's notification id is derived from the send and the user, so a page made again sends nothing twice.
/// </summary>
public interface ITopicSendGrain : IGrainWithStringKey
{
    /// <summary>Stores the send durably and starts its fan-out; a repeated id answers the send it already has.</summary>
    Task<TopicSendResult> StartAsync(string tenant, TopicSendStart start);

    /// <summary>The send, or null when there is none with this id for the tenant.</summary>
    [ReadOnly]
    Task<TopicSendSnapshot?> GetAsync(string tenant);
}
