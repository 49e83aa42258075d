namespace Notifications.Grains;

/// <summary>One published version of a workflow: immutable, so that a run goes on as it started.</summary>
/// <param name="Events">The event names that start a run of it.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.WorkflowDefinition")]
public sealed record WorkflowDefinition(
    string WorkflowId,
    int Version,
    string? Name,
    IReadOnlyList<string> Events,
    IReadOnlyList<WorkflowStep> Steps,
    DateTimeOffset PublishedAt)
{
    /// <summary>The most steps a workflow has.</summary>
    public const int MaxSteps = 50;

    public int IndexOf(string stepId)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].Id == stepId)
            {
                return i;
            }
        }

        return -1;
    }
}
