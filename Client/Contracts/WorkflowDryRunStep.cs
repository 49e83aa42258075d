namespace Notifications.Client;

/// <param name="Outcome">What the step would do, in words.</param>
/// <param name="Rendered">send: the template rendered for each channel it would try.</param>
public sealed record WorkflowDryRunStep(string StepId, WorkflowStepType Type, string Outcome, IReadOnlyDictionary<string, RenderedContent>? Rendered = null);
