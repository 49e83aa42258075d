namespace Notifications.Grains;

/// <summary>How far a send to many users (a topic's subscribers, an audience) has gone.</summary>
public enum FanOutStatus
{
    /// <summary>Notifications are being made for the recipients, a page after another.</summary>
    FanningOut,

    /// <summary>Every recipient has a notification of their own.</summary>
    Completed,
}
