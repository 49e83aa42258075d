namespace Notifications.Grains;

public enum UserRecordKind
{
    /// <summary>A notification grain with a record of its own.</summary>
    Notification,

    /// <summary>A fan-out page that keeps the records of the recipients it delivered to itself.</summary>
    FanOutPage,

    /// <summary>A workflow run for the user, which holds the event that started it.</summary>
    WorkflowRun,
}
