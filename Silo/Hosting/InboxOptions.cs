namespace Notifications.Silo;

public sealed class InboxOptions
{
    public const string SectionName = "Notifications:Inbox";

    /// <summary>After this long without an event, the inbox stream sends a ping, so that proxies keep it open.</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(20);
}
