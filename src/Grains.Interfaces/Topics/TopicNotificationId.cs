using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// The id of one subscriber's notification from a topic send: the same every time the page is fanned out. The send
/// and the page lead, so that a fan-out's notifications are stored side by side in the order they are made rather
/// than scattered over the whole table.
/// </summary>
public static class TopicNotificationId
{
    public static string For(string sendId, int page, string userId) =>
        sendId + page.ToString("x6", CultureInfo.InvariantCulture)
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sendId}\n{userId}")))[..10];
}
