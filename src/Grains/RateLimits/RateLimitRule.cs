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

    public string Name => $"{Channel ?? "*"}/{Category ?? "*"}";

    public bool Applies(string channel, string? category) =>
        (Channel is null || Channel == channel) && (Category is null || Category == category);
}
