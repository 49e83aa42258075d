namespace Notifications.Client;

public sealed record BatchResult(IReadOnlyList<BatchItemResult> Results);
