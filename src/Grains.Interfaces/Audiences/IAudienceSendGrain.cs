using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>
/// One send to an audience, keyed by its id: walks the tenant's users a page at a time, evaluating the filter on
/// each, and makes a notification for every user it matches. The scan's position is durable after every page and a
/// reminder keeps it going, so a crash resumes where it stopped; each user's notification id is derived from the
/// send and the user, so a page scanned again sends nothing twice.
/// </summary>
public interface IAudienceSendGrain : IGrainWithStringKey
{
    /// <summary>Stores the send durably and starts it; a repeated id answers the send it already has.</summary>
    Task<AudienceSendResult> StartAsync(string tenant, AudienceSendStart start);

    /// <summary>The send, or null when there is none with this id for the tenant.</summary>
    [ReadOnly]
    Task<AudienceSendSnapshot?> GetAsync(string tenant);
}
