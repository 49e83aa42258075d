namespace Notifications.Client;

/// <param name="Next">Pass as <c>after</c> for the next page; null after the last.</param>
public sealed record TopicList(IReadOnlyList<TopicInfo> Items, string? Next);
