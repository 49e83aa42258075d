namespace Notifications.Client;

/// <param name="Pending">Events logged that the endpoint has not been sent yet.</param>
/// <param name="Retrying">Events waiting for a retry: a failed one, and the later events of its notification behind it.</param>
/// <param name="GivenUp">Events whose every attempt failed (or that were removed from the log before they could be sent).</param>
/// <param name="FailingSince">When the current run of failures began; null while events go through.</param>
public sealed record EventDeliveryInfo(long Delivered, long Pending, long Retrying, long GivenUp, DateTimeOffset? LastDeliveredAt, DateTimeOffset? FailingSince, string? LastError);
