namespace Notifications.Grains;

/// <summary>A partial update of preferences: only the channels and categories named change.</summary>
/// <param name="Channels">Channel name to enabled.</param>
/// <param name="Categories">Category name to opted in.</param>
/// <param name="CategoryChannels">Category, then channel, to enabled: a category turned off on one channel only.</param>
/// <param name="QuietHours">Replaces the user's quiet hours.</param>
/// <param name="ClearQuietHours">Removes them.</param>
/// <param name="OptedOut">True: nothing but what is critical (critical sends, the tenant's critical categories); false: as the other preferences say.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.PreferenceUpdate")]
public sealed record PreferenceUpdate(
    string? Language = null,
    IReadOnlyDictionary<string, bool>? Channels = null,
    IReadOnlyDictionary<string, bool>? Categories = null,
    QuietHours? QuietHours = null,
    bool ClearQuietHours = false,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>? CategoryChannels = null,
    bool? OptedOut = null);
