namespace Notifications.Client;

/// <param name="Queued">Notifications waiting for their turn in the delivery lanes, by priority.</param>
/// <param name="InProgress">Delivery steps running now.</param>
public sealed record StatsNowInfo(IReadOnlyDictionary<string, int> Queued, int InProgress);
