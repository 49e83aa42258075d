namespace Notifications.Client;

/// <summary>What both clients do alike when they try a call again: the same idempotency key on each try, and a jittered backoff.</summary>
internal static class ClientRetries
{
    /// <summary>A key for a send the caller gave none: every try of it is then one send.</summary>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    /// <summary>Exponential from <paramref name="baseDelay"/>, each wait between half and all of its step.</summary>
    public static TimeSpan Backoff(TimeSpan baseDelay, int attempt) =>
        TimeSpan.FromMilliseconds(baseDelay.TotalMilliseconds * Math.Pow(2, attempt) * (0.5 + Random.Shared.NextDouble() / 2));
}
