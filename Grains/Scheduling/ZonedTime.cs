using NodaTime;

namespace Notifications.Grains;

/// <summary>Wall-clock times in IANA time zones, resolved the way a person expects across daylight-saving changes.</summary>
public static class ZonedTime
{
    public static bool IsKnownZone(string id) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;

    /// <summary>
    /// The instant of a wall-clock time in <paramref name="zoneId"/> (UTC when null). A time skipped by a
    /// daylight-saving change is moved forward by the gap; a time that occurs twice is the earlier one.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, string? zoneId)
    {
        var zone = Zone(zoneId);
        return LocalDateTime.FromDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)).InZoneLeniently(zone).ToDateTimeOffset();
    }

    /// <summary>The wall-clock time in <paramref name="zoneId"/> of an instant.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, string? zoneId) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone(zoneId)).LocalDateTime.ToDateTimeUnspecified();

    private static DateTimeZone Zone(string? zoneId) =>
        zoneId is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
}
