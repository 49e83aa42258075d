namespace Notifications.Grains;

public enum WorkflowStepKind
{
    /// <summary>A notification to the run's user: a template through channels in order.</summary>
    Send,

    /// <summary>Waits a duration, or until an instant the event's payload names.</summary>
    Delay,

    /// <summary>Gathers the user's events of one key for a window or up to a count; one run goes on with all of them.</summary>
    Digest,

    /// <summary>Goes on at one step or another by a condition over the payload, the user and what became of earlier sends.</summary>
    Branch,

    /// <summary>Ends the run.</summary>
    Stop,
}
