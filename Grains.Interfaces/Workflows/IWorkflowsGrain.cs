namespace Notifications.Grains;

/// <summary>A tenant's workflows, keyed by tenant; every change publishes a new version, and the latest versions are kept.</summary>
[Alias("Notifications.Grains.IWorkflowsGrain")]
public interface IWorkflowsGrain : IGrainWithStringKey
{
    /// <summary>The new version, or null when it would be a workflow more than the tenant may have.</summary>
    [Alias("PublishAsync")]
    Task<WorkflowDefinition?> PublishAsync(string workflowId, string? name, IReadOnlyList<string> events, IReadOnlyList<WorkflowStep> steps);

    /// <summary>A version, or the latest when <paramref name="version"/> is null; null when there is none (or it was deleted).</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<WorkflowDefinition?> GetAsync(string workflowId, int? version);

    /// <summary>The latest version of every workflow.</summary>
    [ReadOnly]
    [Alias("ListAsync")]
    Task<IReadOnlyList<WorkflowDefinition>> ListAsync();

    /// <summary>The latest version of every workflow that an event of this name starts.</summary>
    [ReadOnly]
    [Alias("ListeningAsync")]
    Task<IReadOnlyList<WorkflowDefinition>> ListeningAsync(string eventName);

    /// <summary>The id of every workflow the tenant has had, deleted ones too: what the runs of an event may be runs of.</summary>
    [ReadOnly]
    [Alias("IdsAsync")]
    Task<IReadOnlyList<string>> IdsAsync();

    /// <summary>No event starts it any more; runs already started go on. False when there was none.</summary>
    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(string workflowId);
}
