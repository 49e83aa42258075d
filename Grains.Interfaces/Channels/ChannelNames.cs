namespace Notifications.Grains;

public static class ChannelNames
{
    public const string Log = "log";
    public const string Webhook = "webhook";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Voice = "voice";
    public const string Push = "push";
    public const string WebPush = "webpush";
    public const string InApp = "inapp";

    public static IReadOnlyList<string> All { get; } = [Log, Webhook, Email, Sms, Voice, Push, WebPush, InApp];

    public static bool IsKnown(string channel) => All.Contains(channel, StringComparer.Ordinal);
}
