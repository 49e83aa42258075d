namespace Notifications.Grains;

public enum ProviderEventKind
{
    Delivered,
    Failed,

    /// <summary>Refused for good by the recipient's side: the address is dead.</summary>
    Bounced,
    Opened,
    Clicked,

    /// <summary>The recipient unsubscribed or reported the message as spam through the provider.</summary>
    Unsubscribed,
}
