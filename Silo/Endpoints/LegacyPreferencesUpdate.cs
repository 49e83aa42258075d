using System.Text.Json;

namespace Notifications.Silo;

/// <summary>
/// The original design's preferences body, as the document shows it: <c>language</c> a tag, any other name
/// (<c>&lt;channel&gt;_notifications</c>, <c>&lt;category&gt;_notifications</c>) true or false. The endpoint reads it field by field.
/// </summary>
public sealed record LegacyPreferencesUpdate(IReadOnlyDictionary<string, JsonElement> Preferences);
