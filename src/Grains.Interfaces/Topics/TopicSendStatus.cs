namespace Notifications.Grains;

public enum TopicSendStatus
{
    /// <summary>Notifications are being made for the topic's pages of subscribers, one page after another.</summary>
    FanningOut,

    /// <summary>Every page has been fanned out: each subscriber has a notification of their own.</summary>
    Completed,
}
