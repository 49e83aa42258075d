namespace Notifications.Client;

/// <summary>One step of a workflow; which fields apply depends on its type.</summary>
/// <param name="Id">Unique in the workflow: what <c>then</c>/<c>else</c> jump to and conditions name (<c>steps.&lt;id&gt;.opened</c>).</param>
/// <param name="Template">send: the template, rendered with the event's payload as <c>payload</c> and a digest's events as <c>events</c>.</param>
/// <param name="Channels">send: channels in order, each later one tried when those before cannot deliver; the user's endpoints decide when left out.</param>
/// <param name="Priority">send: the notification's priority; the event's when left out.</param>
/// <param name="DurationSeconds">delay: how long.</param>
/// <param name="Until">delay: a path into the payload (<c>payload.due_at</c>) holding the ISO 8601 instant to wait for.</param>
/// <param name="Key">digest: what gathers events together, rendered over the event (<c>{{payload.document_id}}</c>); all of the user's when left out.</param>
/// <param name="WindowSeconds">digest: how long after its first event the digest goes on.</param>
/// <param name="MaxEvents">digest: goes on as soon as it holds this many events.</param>
/// <param name="If">branch: a condition over <c>payload</c>, <c>user</c>, <c>event</c>, <c>digest.count</c> and
/// <c>steps.&lt;id&gt;</c> (<c>status</c>, <c>delivered</c>, <c>opened</c>, <c>clicked</c>, <c>failed</c>), in the audiences'
/// filter language: <c>not steps.alert.opened and payload.amount &gt; 100</c>.</param>
/// <param name="WaitSeconds">branch: how long the condition may take to come true; it is false at the end of the wait, or
/// sooner once every send it names has finished undelivered.</param>
/// <param name="Then">branch: the step to go on at when the condition holds (the next step when left out).</param>
/// <param name="Else">branch: the step to go on at when it does not (the next step when left out).</param>
public sealed record WorkflowStepInfo(
    string Id,
    WorkflowStepType Type,
    string? Template = null,
    IReadOnlyList<string>? Channels = null,
    string? Category = null,
    NotificationPriority? Priority = null,
    int? DurationSeconds = null,
    string? Until = null,
    string? Key = null,
    int? WindowSeconds = null,
    int? MaxEvents = null,
    string? If = null,
    int? WaitSeconds = null,
    string? Then = null,
    string? Else = null);
