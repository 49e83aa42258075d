namespace Notifications.Client;

/// <param name="Next">Pass as <c>after</c> for the next page; null on the last.</param>
public sealed record DeadLetterList(IReadOnlyList<DeadLetterInfo> Items, int Total, string? Next);
