namespace Notifications.Client;

public enum Engagement
{
    /// <summary>The app or device reports it was shown, for channels whose providers do not report delivery.</summary>
    Delivered,
    Opened,
    Clicked,
    Dismissed,

    /// <summary>The user unsubscribed from it: from its category, or from its channel when it has none.</summary>
    Unsubscribed,

    /// <summary>The app reports the user saw it and let it be (it timed out, or was cleared with others unread).</summary>
    Ignored,
}
