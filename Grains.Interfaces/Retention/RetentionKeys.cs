using System.Globalization;

namespace Notifications.Grains;

/// <summary>The keys of the retention journals: <c>tenant/yyyy-MM-dd/part</c>, one per tenant, day (UTC) and part.</summary>
public static class RetentionKeys
{
    public static string Journal(string tenant, DateOnly day, int part) =>
        $"{tenant}/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{part.ToString(CultureInfo.InvariantCulture)}";

    public static (string Tenant, DateOnly Day) Parse(string journalKey)
    {
        var partAt = journalKey.LastIndexOf('/');
        var dayAt = journalKey.LastIndexOf('/', partAt - 1);
        return (journalKey[..dayAt], DateOnly.ParseExact(journalKey[(dayAt + 1)..partAt], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public static string Segment(string journalKey, int segment) => $"{journalKey}/{segment.ToString(CultureInfo.InvariantCulture)}";
}
