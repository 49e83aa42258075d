namespace Notifications.Grains;

public sealed class WorkflowsGrain(
    [PersistentState("workflows")] IPersistentState<WorkflowsGrainState> workflows,
    TimeProvider time) : Grain, IWorkflowsGrain
{
    public const int MaxWorkflows = 1_000;

    /// <summary>The latest versions of each workflow kept, for reading back; a run keeps the version it started with.</summary>
    public const int VersionsKept = 20;

    private WorkflowsGrainState State => workflows.State;

    public async Task<WorkflowDefinition?> PublishAsync(string workflowId, string? name, IReadOnlyList<string> events, IReadOnlyList<WorkflowStep> steps)
    {
        if (!State.Workflows.TryGetValue(workflowId, out var versions))
        {
            if (State.Workflows.Count - State.Deleted.Count >= MaxWorkflows)
            {
                return null;
            }

            State.Workflows[workflowId] = versions = [];
        }

        // Numbered on from the latest, which is always kept, so that a number never comes back for other steps.
        var version = new WorkflowDefinition(workflowId, versions.Count == 0 ? 1 : versions[^1].Version + 1, name, events, steps, time.GetUtcNow());
        versions.Add(version);
        if (versions.Count > VersionsKept)
        {
            versions.RemoveRange(0, versions.Count - VersionsKept);
        }

        State.Deleted.Remove(workflowId);
        await workflows.WriteStateAsync();
        return version;
    }

    public Task<WorkflowDefinition?> GetAsync(string workflowId, int? version) => Task.FromResult(
        State.Workflows.TryGetValue(workflowId, out var versions) && versions.Count > 0 && (version is not null || !State.Deleted.Contains(workflowId))
            ? version is { } number ? versions.FirstOrDefault(v => v.Version == number) : versions[^1]
            : null);

    public Task<IReadOnlyList<WorkflowDefinition>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WorkflowDefinition>>([.. Latest().OrderBy(w => w.WorkflowId, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<WorkflowDefinition>> ListeningAsync(string eventName) =>
        Task.FromResult<IReadOnlyList<WorkflowDefinition>>([.. Latest().Where(w => w.Events.Contains(eventName, StringComparer.Ordinal)).OrderBy(w => w.WorkflowId, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> IdsAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. State.Workflows.Keys.Order(StringComparer.Ordinal)]);

    public async Task<bool> DeleteAsync(string workflowId)
    {
        if (!State.Workflows.ContainsKey(workflowId) || !State.Deleted.Add(workflowId))
        {
            return false;
        }

        await workflows.WriteStateAsync();
        return true;
    }

    private IEnumerable<WorkflowDefinition> Latest() =>
        State.Workflows.Where(w => w.Value.Count > 0 && !State.Deleted.Contains(w.Key)).Select(w => w.Value[^1]);
}
