using System.Globalization;

namespace Notifications.Grains;

/// <summary>Builds the keys of the directory grains.</summary>
public static class DirectoryKey
{
    /// <summary>A page of a tenant's users, <c>tenant/page</c>.</summary>
    public static string UserPage(string tenant, int page) => $"{tenant}/{page.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The log of the sends to many that went over a page of users (a topic's page of subscribers, a page of the
    /// directory for audiences), <c>page#sends</c>: no user id or topic id holds a <c>#</c>.
    /// </summary>
    public static string SendsOver(string pageKey) => $"{pageKey}#sends";

    /// <summary>A sealed page of what is held about a user, <c>tenant/user/page</c>.</summary>
    public static string RecordsPage(string userKey, int page) => $"{userKey}/{page.ToString(CultureInfo.InvariantCulture)}";
}
