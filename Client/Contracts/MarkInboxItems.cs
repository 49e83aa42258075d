namespace Notifications.Client;

/// <summary>The inbox notifications to mark read or archive.</summary>
/// <param name="All">Marking read only: every notification in the inbox.</param>
public sealed record MarkInboxItems(IReadOnlyList<string>? Ids = null, bool All = false);
