namespace Notifications.Runtime;

/// <summary>The base class of every grain. The runtime binds it to its activation before any call reaches it.</summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    internal GrainActivation Activation
    {
        get => _activation ?? throw new InvalidOperationException("The grain is not bound to an activation yet; use OnActivateAsync rather than the constructor.");
        set => _activation = value;
    }

    public GrainId GrainId => Activation.GrainId;

    public IGrainFactory GrainFactory => Activation.Runtime;

    public string GetPrimaryKeyString() => GrainId.Key;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A timer whose ticks run as turns of this activation; it dies with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        Activation.RegisterTimer(callback, options);

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>
    /// Registers a durable reminder, which reactivates the grain when due, even after the process restarts.
    /// A <paramref name="period"/> of <see cref="Timeout.InfiniteTimeSpan"/> makes a one-shot reminder, removed once
    /// it has been delivered successfully.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} must implement {nameof(IRemindable)} to register reminders.");
        }

        return Activation.Runtime.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);
    }

    protected Task UnregisterReminder(IGrainReminder reminder) =>
        Activation.Runtime.Reminders.UnregisterAsync(GrainId, reminder.ReminderName);

    protected Task<IGrainReminder?> GetReminder(string reminderName) =>
        Task.FromResult(Activation.Runtime.Reminders.Find(GrainId, reminderName));

    /// <summary>Deactivates this activation once it has no call in progress.</summary>
    protected void DeactivateOnIdle() => Activation.DeactivateOnIdle();

    protected IStreamProvider GetStreamProvider(string name) => Activation.Runtime.GetStreamProvider(name);
}
