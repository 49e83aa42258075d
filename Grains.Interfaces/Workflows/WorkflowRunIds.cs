namespace Notifications.Grains;

/// <summary>Ids that are the same every time the same event is reported again under its idempotency key.</summary>
public static class WorkflowRunIds
{
    public static string ForEvent(string tenant, string idempotencyKey) => StableHash.IdOf("evt_", tenant, idempotencyKey);

    public static string ForRun(string tenant, string eventId, string workflowId, string userId) =>
        StableHash.IdOf("run_", $"{tenant}\n{eventId}", $"{workflowId}\n{userId}");

    /// <summary>The notification a run's send step makes: one per run and step, whatever the run meets again after a crash.</summary>
    public static string ForSend(string runId, string stepId) => $"{runId}-{stepId}";

    /// <summary>The run whose send made the notification <paramref name="notificationId"/>, or null when no run's did.</summary>
    public static string? RunOfSend(string notificationId) =>
        notificationId.Length > RunIdLength + 1 && notificationId.StartsWith("run_", StringComparison.Ordinal) && notificationId[RunIdLength] == '-'
            ? notificationId[..RunIdLength]
            : null;

    /// <summary><c>run_</c> and 32 hex digits.</summary>
    private const int RunIdLength = 36;
}
