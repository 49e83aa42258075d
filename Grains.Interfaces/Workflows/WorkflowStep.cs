namespace Notifications.Grains;

/// <summary>One step of a workflow; which of the optional fields apply depends on <paramref name="Kind"/>.</summary>
/// <param name="Id">Unique in its workflow: what branches jump to and conditions name (<c>steps.&lt;id&gt;.opened</c>).</param>
/// <param name="Template">Send: the template rendered for the user, with the event's payload as <c>payload</c> and a digest's events as <c>events</c>.</param>
/// <param name="Channels">Send: the channels in order, each later one tried when the ones before cannot deliver; the user's endpoints decide when empty.</param>
/// <param name="Priority">Send: the notification's priority; the event's when null.</param>
/// <param name="Duration">Delay: how long.</param>
/// <param name="Until">Delay: a dotted path into the payload (<c>payload.due_at</c>) holding the ISO 8601 instant to wait for.</param>
/// <param name="Key">Digest: a template rendered over the event (<c>{{payload.document_id}}</c>) that decides which events gather together; all of the user's when null.</param>
/// <param name="Window">Digest: how long after its first event a digest is sent.</param>
/// <param name="MaxEvents">Digest: sent as soon as it holds this many events.</param>
/// <param name="Condition">Branch: a filter over <c>payload</c>, <c>user</c>, <c>event</c> and <c>steps</c>, in the audiences' filter language.</param>
/// <param name="Wait">Branch: how long the condition may take to come true (a send to be opened or delivered); false when the wait ends, or sooner once every send it names has finished without delivery.</param>
/// <param name="Then">Branch: the step to go on at when the condition holds; the next step when null.</param>
/// <param name="Else">Branch: the step to go on at when it does not; the next step when null.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.WorkflowStep")]
public sealed record WorkflowStep(
    string Id,
    WorkflowStepKind Kind,
    string? Template = null,
    IReadOnlyList<string>? Channels = null,
    string? Category = null,
    Priority? Priority = null,
    TimeSpan? Duration = null,
    string? Until = null,
    string? Key = null,
    TimeSpan? Window = null,
    int? MaxEvents = null,
    string? Condition = null,
    TimeSpan? Wait = null,
    string? Then = null,
    string? Else = null);
