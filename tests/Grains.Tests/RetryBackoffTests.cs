namespace Notifications.Grains.Tests;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 2_000)]
    [InlineData(2, 4_000)]
    [InlineData(4, 16_000)]
    [InlineData(20, 60_000)]
    public void A_delay_is_jittered_between_zero_and_the_exponential_ceiling(int attempt, double ceilingMs)
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 500)
            .Select(_ => RetryBackoff.Delay(attempt, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), retryAfter: null, random).TotalMilliseconds)
            .ToArray();

        Assert.All(delays, d => Assert.InRange(d, 0, ceilingMs));
        Assert.True(delays.Max() > ceilingMs * 0.9, "full jitter reaches close to the ceiling");
        Assert.True(delays.Min() < ceilingMs * 0.1, "full jitter reaches close to zero");
    }

    [Fact]
    public void A_providers_retry_after_is_honoured_up_to_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryBackoff.Delay(1, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), Random.Shared));
        Assert.Equal(TimeSpan.FromMinutes(1), RetryBackoff.Delay(1, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), TimeSpan.FromHours(3), Random.Shared));
    }
}
