using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>The id of one user's notification from a send to an audience: the same every time the user is matched.</summary>
public static class AudienceNotificationId
{
    public static string For(string sendId, string userId) =>
        sendId + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sendId}\n{userId}")))[..16];
}
