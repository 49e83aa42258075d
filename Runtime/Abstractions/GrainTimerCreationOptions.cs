namespace Notifications.Runtime;

public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Whether a tick may run while another call is in progress on the grain.</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether ticks count as activity, keeping the grain from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
