namespace Notifications.Grains;

/// <summary>A bucket's level as of <paramref name="UpdatedAt"/>; it refills continuously up to the rule's limit.</summary>
[GenerateSerializer, Alias("Notifications.Grains.TokenBucket")]
public sealed record TokenBucket(double Tokens, DateTimeOffset UpdatedAt)
{
    public TokenBucket Refilled(RateLimitRule rule, DateTimeOffset now)
    {
        var elapsed = Math.Max(0, (now - UpdatedAt).TotalSeconds);
        return new TokenBucket(Math.Min(rule.Limit, Tokens + elapsed * rule.Limit / rule.Per.TotalSeconds), now);
    }

    /// <summary>How long until one token is there.</summary>
    public TimeSpan TimeToNextToken(RateLimitRule rule) =>
        Tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - Tokens) * rule.Per.TotalSeconds / rule.Limit);
}
