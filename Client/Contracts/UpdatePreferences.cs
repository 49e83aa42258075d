namespace Notifications.Client;

/// <summary>Changes only the channels and categories named, and the quiet hours when given.</summary>
/// <param name="Channels">Channel name to enabled, e.g. <c>{"webhook": false}</c>.</param>
/// <param name="Categories">Category to opted in, e.g. <c>{"marketing": false}</c>.</param>
/// <param name="CategoryChannels">Category, then channel, to enabled: <c>{"marketing": {"sms": false}}</c> keeps
/// marketing off SMS only.</param>
/// <param name="OptedOut">True: the user gets nothing but what is critical (critical sends and the tenant's critical
/// categories: security alerts, one-time codes); false: the other preferences decide again.</param>
public sealed record UpdatePreferences(
    string? Language = null,
    IReadOnlyDictionary<string, bool>? Channels = null,
    IReadOnlyDictionary<string, bool>? Categories = null,
    QuietHoursSettings? QuietHours = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>? CategoryChannels = null,
    bool? OptedOut = null);
