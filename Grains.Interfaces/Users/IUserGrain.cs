namespace Notifications.Grains;

/// <summary>One user of one tenant, keyed <c>tenant/user</c>: profile, endpoints and preferences.</summary>
[Alias("Notifications.Grains.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    [ReadOnly]
    [Alias("GetAsync")]
    Task<UserProfile> GetAsync();

    [Alias("UpdateAsync")]
    Task<UserProfile> UpdateAsync(UserUpdate update);

    [Alias("UpdatePreferencesAsync")]
    Task<UserProfile> UpdatePreferencesAsync(PreferenceUpdate update);

    /// <summary>
    /// The user's own opt-out (an unsubscribe link, a provider's or an app's report), never refused for the user's
    /// limits. For a user not stored it does nothing unless <paramref name="evenIfNew"/> (a notification sent to a user
    /// never stored), so that a link from an old mail cannot bring an erased user back. False when it did nothing.
    /// </summary>
    [Alias("OptOutAsync")]
    Task<bool> OptOutAsync(PreferenceUpdate update, bool evenIfNew);

    /// <summary>An update from a bulk import: stored like any, then the activation is let go, so that an import
    /// of a million users does not hold a million activations.</summary>
    [Alias("ImportAsync")]
    Task ImportAsync(UserUpdate update);

    /// <summary>Erases the user: contacts, devices, attributes, preferences, dedupe keys and rate-limit buckets.</summary>
    [Alias("DeleteAsync")]
    Task DeleteAsync();

    /// <summary>
    /// Stops using <paramref name="addresses"/> on <paramref name="channel"/> (a provider refused them for good) until
    /// the user sets them again. For the webhook channel the address is the endpoint's URL.
    /// </summary>
    [Alias("MarkUnreachableAsync")]
    Task MarkUnreachableAsync(string channel, IReadOnlyCollection<string> addresses, string reason);

    /// <summary>
    /// How a delivery to the webhook endpoint at <paramref name="url"/> went: a failure starts or continues a run of
    /// failures, and one that has lasted <see cref="DeliveryOptions.WebhookDisableAfter"/> disables the endpoint; a
    /// delivery that goes through ends the run.
    /// </summary>
    [Alias("ReportWebhookAsync")]
    Task ReportWebhookAsync(string url, bool delivered);

    /// <summary>
    /// Whether the user's attributes match <paramref name="filter"/> (see <c>AttributeFilter</c>), asked from the
    /// page of the tenant's directory that listed them: a listing on any other page is not this user's (see
    /// <see cref="IUserDirectoryPageGrain"/>). The activation is let go afterwards, since a scan reads every user once.
    /// </summary>
    [ReadOnly]
    [Alias("MatchesOnPageAsync")]
    Task<bool> MatchesAsync(string filter, int directoryPage);

    /// <summary>The page of the tenant's directory that lists the user, or null when the user is not stored.</summary>
    [ReadOnly]
    [Alias("DirectoryPageAsync")]
    Task<int?> DirectoryPageAsync();

    /// <summary>
    /// The keys of the logs of sends to many that may have reached the user (<see cref="DirectoryKey.SendsOver"/>): each
    /// page of a topic they have been on, and their page of the directory (audiences, delivered batches).
    /// </summary>
    [ReadOnly]
    [Alias("SendLogsAsync")]
    Task<IReadOnlyList<string>> SendLogsAsync();

    /// <summary>Lists a stored user in the tenant's directory if they are not (the directories' backfill of a file written before they existed); the activation is let go.</summary>
    [Alias("EnsureListedAsync")]
    Task EnsureListedAsync();

    /// <summary>
    /// Records that the user subscribes to <paramref name="topicId"/>, kept in <paramref name="page"/> of its
    /// subscribers; a user subscribed already keeps the page they are in. In a <paramref name="bulk"/> subscription
    /// the activation is let go afterwards, as in an import.
    /// </summary>
    [Alias("JoinTopicAsync")]
    Task<TopicMembership> JoinTopicAsync(string topicId, int page, bool bulk);

    /// <summary>The page of <paramref name="topicId"/>'s subscribers that holds the user, or null when not subscribed.</summary>
    [ReadOnly]
    [Alias("TopicPageAsync")]
    Task<int?> TopicPageAsync(string topicId);

    /// <summary>
    /// Forgets the user's subscription to <paramref name="topicId"/>; the page that held it, or null when there was none
    /// (for a user who left already, the page that held them last: a removal from it that failed is made again).
    /// In a <paramref name="bulk"/> removal (the topic is deleted) the activation is let go afterwards.
    /// </summary>
    [Alias("LeaveTopicAsync")]
    Task<int?> LeaveTopicAsync(string topicId, bool bulk = false);

    /// <summary>
    /// Decides where a notification goes, honouring the user's preferences, time zone, dedupe window and rate
    /// limits. Admitting a notification records its dedupe key and takes its rate-limit tokens.
    /// </summary>
    [Alias("RouteAsync")]
    Task<RoutingDecision> RouteAsync(RoutingRequest request);
}
