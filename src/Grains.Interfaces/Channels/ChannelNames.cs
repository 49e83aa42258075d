namespace Notifications.Grains;

public static class ChannelNames
{
    public const string Log = "log";
    public const string Webhook = "webhook";

    public static IReadOnlyList<string> All { get; } = [Log, Webhook, "email", "sms", "voice", "push", "webpush", "inapp"];

    public static bool IsKnown(string channel) => All.Contains(channel, StringComparer.Ordinal);
}
