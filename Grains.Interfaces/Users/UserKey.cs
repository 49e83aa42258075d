namespace Notifications.Grains;

/// <summary>Builds the <c>tenant/user</c> key of a user grain.</summary>
public static class UserKey
{
    public static string For(string tenant, string userId) => $"{tenant}/{userId}";
}
