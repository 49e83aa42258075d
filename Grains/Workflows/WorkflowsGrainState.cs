namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.WorkflowsGrainState")]
public sealed class WorkflowsGrainState
{
    /// <summary>The kept versions of every workflow, oldest first.</summary>
    [Id(0)]
    public Dictionary<string, List<WorkflowDefinition>> Workflows { get; set; } = [];

    /// <summary>Deleted workflows: their versions stay for the runs that pinned them, and no event starts them.</summary>
    [Id(1)]
    public HashSet<string> Deleted { get; set; } = [];
}
