namespace Notifications.Client;

public enum TopicSendState
{
    /// <summary>Subscribers' notifications are being made, a page of up to 1,000 after another.</summary>
    FanningOut,

    /// <summary>Every subscriber has their notification.</summary>
    Completed,
}
