using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>
/// The id of one recipient's notification from a send to many (a topic's subscribers, an audience): the same every
/// time the page is fanned out. The send and the page lead, so that a fan-out's notifications are stored side by side
/// in the order they are made rather than scattered over the whole table, and a notification's page is found from its id.
/// </summary>
public static class FanOutNotificationId
{
    private const int UserHashLength = 10;

    /// <summary>The key of the fan-out page that made <paramref name="notificationId"/>, or null when it is not shaped like one of its ids.</summary>
    public static string? PageOf(string notificationId) =>
        notificationId.Length == 48 ? notificationId[..^UserHashLength] : null;

    /// <summary>The key of page <paramref name="page"/> of a send: the prefix its notification ids share.</summary>
    public static string Page(string sendId, int page) => sendId + page.ToString("x6", CultureInfo.InvariantCulture);

    /// <summary>The id of item <paramref name="index"/> of a batch sent as one page: a batch may name a user more than once.</summary>
    public static string ForBatchItem(string batchId, int index) =>
        Page(batchId, 0) + index.ToString("x10", CultureInfo.InvariantCulture);

    public static string For(string sendId, int page, string userId) =>
        Page(sendId, page) + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sendId}\n{userId}")))[..UserHashLength];
}
