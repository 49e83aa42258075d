namespace Notifications.Grains;

/// <summary>One run of a workflow for one user and one event, keyed by its id (<see cref="WorkflowRunIds"/>).</summary>
[Alias("Notifications.Grains.IWorkflowRunGrain")]
public interface IWorkflowRunGrain : IGrainWithStringKey
{
    /// <summary>Stores the run durably and starts it; a repeat finds the run made before (or a conflicting one).</summary>
    [Alias("StartAsync")]
    Task<(AcceptOutcome Outcome, WorkflowRunSnapshot Run)> StartAsync(WorkflowRunStart start);

    /// <summary>The run, or null when there is none with this id for the tenant.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<WorkflowRunSnapshot?> GetAsync(string tenant);

    /// <summary>Stops the run where it is and cancels what it sent that has not gone out; null when there is no such run.</summary>
    [Alias("CancelAsync")]
    Task<WorkflowRunSnapshot?> CancelAsync(string tenant);

    /// <summary>
    /// The run, digested into <paramref name="previousLeader"/>'s digest, leads it from now on (that run was cancelled):
    /// it waits at the digest step again, and sends it.
    /// </summary>
    [Alias("LeadDigestAsync")]
    Task LeadDigestAsync(string previousLeader);

    /// <summary>
    /// For a user being erased: stops the run if it has not finished, forgets the digests it went into, and erases the
    /// event's payload; its steps and their times stay. False when there is no such run for the tenant.
    /// </summary>
    [Alias("EraseAsync")]
    Task<bool> EraseAsync(string tenant);

    /// <summary>Removes a finished run at the end of its tenant's retention: its id answers as unknown from then on.</summary>
    [Alias("ExpireAsync")]
    Task ExpireAsync(DateTimeOffset finishedBefore);

    /// <summary>Looks again at what the run waits for (a digest that filled up): told one way, so that the teller never waits on the run.</summary>
    [OneWay]
    [Alias("WakeAsync")]
    Task WakeAsync();
}
