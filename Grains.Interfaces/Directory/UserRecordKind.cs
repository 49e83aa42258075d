namespace Notifications.Grains;

public enum UserRecordKind
{
    /// <summary>A notification grain with a record of its own.</summary>
    Notification,

    /// <summary>A fan-out page that keeps the records of the recipients it delivered to itself.</summary>
    FanOutPage,

    /// <summary>A workflow run for the user, which holds the event that started it.</summary>
    WorkflowRun,

    /// <summary>
    /// The log of a page of users an erased user was on (<see cref="DirectoryKey.SendsOver"/>): a batch routed to them
    /// before the erasure logs itself there once delivered, perhaps after the erasure read it, and a repeated erasure
    /// still finds it.
    /// </summary>
    SendLog,
}
