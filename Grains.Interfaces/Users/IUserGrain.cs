using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>One user of one tenant, keyed <c>tenant/user</c>: profile, endpoints and preferences.</summary>
public interface IUserGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<UserProfile> GetAsync();

    Task<UserProfile> UpdateAsync(UserUpdate update);

    Task<UserProfile> UpdatePreferencesAsync(PreferenceUpdate update);

    /// <summary>An update from a bulk import: stored like any, then the activation is let go, so that an import
    /// of a million users does not hold a million activations.</summary>
    Task ImportAsync(UserUpdate update);

    /// <summary>Erases the user: contacts, devices, attributes, preferences, dedupe keys and rate-limit buckets.</summary>
    Task DeleteAsync();

    /// <summary>
    /// Stops using <paramref name="addresses"/> on <paramref name="channel"/> (a provider refused them for good) until
    /// the user sets them again. For the webhook channel the address is the endpoint's URL.
    /// </summary>
    Task MarkUnreachableAsync(string channel, IReadOnlyCollection<string> addresses, string reason);

    /// <summary>
    /// How a delivery to the webhook endpoint at <paramref name="url"/> went: a failure starts or continues a run of
    /// failures, and one that has lasted <see cref="DeliveryOptions.WebhookDisableAfter"/> disables the endpoint; a
    /// delivery that goes through ends the run.
    /// </summary>
    Task ReportWebhookAsync(string url, bool delivered);

    /// <summary>
    /// Whether the user's attributes match <paramref name="filter"/> (see <c>AttributeFilter</c>); the activation is
    /// let go afterwards, since a scan reads every user once.
    /// </summary>
    [ReadOnly]
    Task<bool> MatchesAsync(string filter);

    /// <summary>
    /// Records that the user subscribes to <paramref name="topicId"/>, kept in <paramref name="page"/> of its
    /// subscribers; a user subscribed already keeps the page they are in. In a <paramref name="bulk"/> subscription
    /// the activation is let go afterwards, as in an import.
    /// </summary>
    Task<TopicMembership> JoinTopicAsync(string topicId, int page, bool bulk);

    /// <summary>The page of <paramref name="topicId"/>'s subscribers that holds the user, or null when not subscribed.</summary>
    [ReadOnly]
    Task<int?> TopicPageAsync(string topicId);

    /// <summary>
    /// Forgets the user's subscription to <paramref name="topicId"/>; the page that held it, or null when there was none.
    /// In a <paramref name="bulk"/> removal (the topic is deleted) the activation is let go afterwards.
    /// </summary>
    Task<int?> LeaveTopicAsync(string topicId, bool bulk = false);

    /// <summary>
    /// Decides where a notification goes, honouring the user's preferences, time zone, dedupe window and rate
    /// limits. Admitting a notification records its dedupe key and takes its rate-limit tokens.
    /// </summary>
    Task<RoutingDecision> RouteAsync(RoutingRequest request);
}
