using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>Where an inbox's live events are published.</summary>
public static class InboxStreams
{
    public const string Provider = "live";

    public static StreamId For(string tenant, string userId) => new("inbox", UserKey.For(tenant, userId));
}
