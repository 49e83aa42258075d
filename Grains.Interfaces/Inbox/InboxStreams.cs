namespace Notifications.Grains;

/// <summary>Where an inbox's live events are published.</summary>
public static class InboxStreams
{
    public const string Provider = "live";

    public static StreamId For(string tenant, string userId) => For(UserKey.For(tenant, userId));

    public static StreamId For(string userKey) => StreamId.Create("inbox", userKey);
}
