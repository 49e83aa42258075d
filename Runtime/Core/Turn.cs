namespace Notifications.Runtime;

/// <summary>One unit of work on an activation: a grain call, a timer tick, a reminder or a stream item.</summary>
internal abstract class Turn
{
    /// <summary>May run while other turns are in progress.</summary>
    public bool Interleave { get; init; }

    /// <summary>May run alongside other read-only turns.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Counts as activity for idle collection.</summary>
    public bool KeepAlive { get; init; } = true;

    /// <summary>The activation the turn was started on.</summary>
    public GrainActivation? Activation { get; set; }

    /// <summary>
    /// The caller's current activity (trace span), which the call carries as Orleans' activity propagation does: spans
    /// the grain starts, and calls it makes, join the caller's trace although turns do not flow the caller's context.
    /// </summary>
    public System.Diagnostics.Activity? CallerActivity { get; init; }

    public abstract Task RunAsync(GrainActivation activation);

    public abstract void Fail(Exception exception);
}

internal sealed class Turn<TResult>(Func<Grain, Task<TResult>> body) : Turn
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Completion => _completion.Task;

    public override async Task RunAsync(GrainActivation activation)
    {
        RuntimeContext.Current = activation;
        if (CallerActivity is not null)
        {
            System.Diagnostics.Activity.Current = CallerActivity;
        }

        try
        {
            _completion.TrySetResult(await body(activation.Instance!));
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
        finally
        {
            activation.OnTurnCompleted(this);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
