namespace Notifications.Grains;

/// <summary>Exponential backoff with full jitter ("Exponential Backoff and Jitter", AWS Architecture Blog).</summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? retryAfter, Random random)
    {
        if (retryAfter is { } requested)
        {
            return requested < maxDelay ? requested : maxDelay;
        }

        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}
