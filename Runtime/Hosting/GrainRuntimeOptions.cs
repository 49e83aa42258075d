namespace Notifications.Runtime;

public sealed class GrainRuntimeOptions
{
    /// <summary>How long a caller waits for a grain call before it gets a <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long, in wall-clock time, a stopping silo waits for its activations to deactivate.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activation may sit idle before it is collected, unless its class sets its own age.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fixed for the life of a deployment: it decides where every grain and reminder lives.</summary>
    public int PartitionCount { get; set; } = 64;

    /// <summary>How soon a one-shot reminder whose grain failed to take it fires again.</summary>
    public TimeSpan ReminderRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reminders delivered at once; more that are due wait their turn, so that thousands falling due together
    /// (a campaign's send time, a restart) do not flood the thread pool ahead of everything else.
    /// </summary>
    public int MaxConcurrentReminderDeliveries { get; set; } = 32;

    /// <summary>Names of the in-memory stream providers to create.</summary>
    public List<string> StreamProviders { get; } = [];
}
