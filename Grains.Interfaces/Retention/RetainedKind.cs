namespace Notifications.Grains;

/// <summary>What a retention journal entry names.</summary>
public enum RetainedKind
{
    /// <summary>A notification grain's record (with its engagements; a keyed send's idempotency record too).</summary>
    Notification,

    /// <summary>A fan-out page's record of its recipients (a topic or audience send's page, a batch).</summary>
    FanOutPage,

    /// <summary>A topic send's record (with its idempotency key's, when it had one).</summary>
    TopicSend,

    /// <summary>An audience send's record.</summary>
    AudienceSend,

    /// <summary>A workflow run's record (with the event that started it).</summary>
    WorkflowRun,
}
