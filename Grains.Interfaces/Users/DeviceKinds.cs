namespace Notifications.Grains;

public static class DeviceKinds
{
    public const string Fcm = "fcm";
    public const string Apns = "apns";
    public const string WebPush = "webpush";

    public static IReadOnlyList<string> All { get; } = [Fcm, Apns, WebPush];

    /// <summary>The channel a device of this kind is reached through.</summary>
    public static string ChannelOf(string kind) => kind == WebPush ? ChannelNames.WebPush : ChannelNames.Push;
}
