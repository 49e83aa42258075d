namespace Notifications.Grains;

public sealed class RateLimitOptions
{
    public const string SectionName = "Notifications:RateLimits";

    public List<RateLimitRule> Rules { get; set; } = [];
}
