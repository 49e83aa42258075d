namespace Notifications.Grains;

/// <summary>What a tenant decided for one category of notifications, as a send in it is routed.</summary>
/// <param name="Critical">Bypasses the user's preferences: opt-outs, channels switched off, quiet hours, caps.</param>
/// <param name="CapLimit">At most this many per user per <paramref name="CapPer"/>; the rest are handled per <paramref name="CapAction"/>.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.CategoryPolicy")]
public sealed record CategoryPolicy(bool Critical = false, int? CapLimit = null, TimeSpan? CapPer = null, RateLimitAction CapAction = RateLimitAction.Suppress);
