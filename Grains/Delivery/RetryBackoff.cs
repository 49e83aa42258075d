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

    /// <summary>
    /// The n-th delay of a fixed schedule (the last repeats), give or take a tenth so that retries of notifications
    /// that failed together spread out; a provider's longer Retry-After wins.
    /// </summary>
    public static TimeSpan Scheduled(int attempt, IReadOnlyList<TimeSpan> schedule, TimeSpan? retryAfter, Random random)
    {
        var planned = schedule[Math.Clamp(attempt - 1, 0, schedule.Count - 1)];
        var jittered = planned * (0.9 + (random.NextDouble() * 0.2));
        return retryAfter > jittered ? retryAfter.Value : jittered;
    }
}
