namespace Notifications.Client;

public enum WorkflowRunState
{
    Running,

    /// <summary>In a delay, a digest's window, or a branch waiting for its condition.</summary>
    Waiting,
    Completed,
    Cancelled,
    Failed,

    /// <summary>Its event went into a digest that another run sends (<c>digested_into</c>).</summary>
    Digested,
}
