using System.Globalization;

namespace Notifications.Grains;

/// <summary>Builds the keys of the directory grains.</summary>
public static class DirectoryKey
{
    /// <summary>A page of a tenant's users, <c>tenant/page</c>.</summary>
    public static string UserPage(string tenant, int page) => $"{tenant}/{page.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A sealed page of what is held about a user, <c>tenant/user/page</c>.</summary>
    public static string RecordsPage(string userKey, int page) => $"{userKey}/{page.ToString(CultureInfo.InvariantCulture)}";
}
