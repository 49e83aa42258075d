using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>The id of one subscriber's notification from a topic send: the same every time the page is fanned out.</summary>
public static class TopicNotificationId
{
    public static string For(string sendId, string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sendId}\n{userId}")))[..32];
}
