namespace Notifications.Client;

public enum FanOutState
{
    /// <summary>Recipients' notifications are being made, a page of up to 1,000 after another.</summary>
    FanningOut,

    /// <summary>Every recipient has their notification.</summary>
    Completed,
}
