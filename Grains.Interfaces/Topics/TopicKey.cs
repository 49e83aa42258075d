namespace Notifications.Grains;

/// <summary>Builds the keys of a topic's grains.</summary>
public static class TopicKey
{
    /// <summary>The topic grain's key, <c>tenant/topic</c>.</summary>
    public static string For(string tenant, string topicId) => $"{tenant}/{topicId}";

    /// <summary>The key of one of its pages of subscribers, <c>tenant/topic/page</c>.</summary>
    public static string Page(string topicKey, int page) => $"{topicKey}/{page}";
}
