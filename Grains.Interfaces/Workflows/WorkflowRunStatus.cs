namespace Notifications.Grains;

public enum WorkflowRunStatus
{
    Running,

    /// <summary>In a delay, a digest's window, or a branch waiting for its condition.</summary>
    Waiting,
    Completed,
    Cancelled,

    /// <summary>A step could not be done (a payload without the instant a delay waits for, a send refused).</summary>
    Failed,

    /// <summary>Its event went into a digest that another run of the same user and key sends.</summary>
    Digested,
}
