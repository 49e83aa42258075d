namespace Notifications.Grains;

/// <summary>
/// A token bucket per user: at most <see cref="Limit"/> notifications per <see cref="Per"/> through
/// <see cref="Channel"/> in <see cref="Category"/> (either null means any). Critical notifications are exempt.
/// </summary>
public sealed class RateLimitRule
{
    public string? Channel { get; set; }

    public string? Category { get; set; }

    public int Limit { get; set; }

    public TimeSpan Per { get; set; }

    public RateLimitAction Action { get; set; } = RateLimitAction.Defer;

    /// <summary>Names the bucket; by default channel and category. A category's own cap has a name of its own.</summary>
    public string? Id { get; set; }

    public string Name => Id ?? $"{Channel ?? "*"}/{Category ?? "*"}";

    public bool Applies(string channel, string? category) =>
        (Channel is null || Channel == channel) && (Category is null || Category == category);
}
