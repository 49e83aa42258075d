namespace Notifications.Client;

/// <summary>
/// The front door for .NET services in the cluster: the same requests, rules and answers as <c>/v1</c> over HTTP, as
/// grain calls. A stateless worker, so each call is served on the silo of the gateway the client reached. The caller
/// names its tenant, trusted as a member of the cluster is; the name must be a tenant the silos know (one an API key is
/// configured for, or any well-formed name when no keys are), or the call is refused with 403.
/// </summary>
[Alias("Notifications.Client.INotificationsGatewayGrain")]
public interface INotificationsGatewayGrain : IGrainWithIntegerKey
{
    [Alias("SendAsync")]
    Task<GatewayAnswer<NotificationInfo>> SendAsync(string tenant, SendNotification notification, string? idempotencyKey);

    [Alias("SendBatchAsync")]
    Task<GatewayAnswer<BatchResult>> SendBatchAsync(string tenant, SendBatch batch, string? idempotencyKey);

    [Alias("GetAsync")]
    Task<GatewayAnswer<NotificationInfo>> GetAsync(string tenant, string notificationId);

    [Alias("CancelAsync")]
    Task<GatewayAnswer<NotificationInfo>> CancelAsync(string tenant, string notificationId);

    [Alias("UpdateUserAsync")]
    Task<GatewayAnswer<UserInfo>> UpdateUserAsync(string tenant, string userId, UpdateUser update);

    [Alias("GetUserAsync")]
    Task<GatewayAnswer<UserInfo>> GetUserAsync(string tenant, string userId);

    [Alias("CreateTopicAsync")]
    Task<GatewayAnswer<TopicInfo>> CreateTopicAsync(string tenant, CreateTopic topic);

    [Alias("SubscribeAsync")]
    Task<GatewayAnswer<SubscribeResult>> SubscribeAsync(string tenant, string topicId, string userId, SubscribeToTopic subscription);

    [Alias("UnsubscribeAsync")]
    Task<GatewayAnswer<bool>> UnsubscribeAsync(string tenant, string topicId, string userId);

    [Alias("SendToTopicAsync")]
    Task<GatewayAnswer<TopicSendInfo>> SendToTopicAsync(string tenant, string topicId, FanOutNotification notification, string? idempotencyKey);

    [Alias("GetTopicSendAsync")]
    Task<GatewayAnswer<TopicSendInfo>> GetTopicSendAsync(string tenant, string topicId, string sendId);

    [Alias("TriggerAsync")]
    Task<GatewayAnswer<EventAccepted>> TriggerAsync(string tenant, TriggerEvent trigger);

    [Alias("GetWorkflowRunAsync")]
    Task<GatewayAnswer<WorkflowRunInfo>> GetWorkflowRunAsync(string tenant, string runId);

    [Alias("CancelWorkflowRunAsync")]
    Task<GatewayAnswer<WorkflowRunInfo>> CancelWorkflowRunAsync(string tenant, string runId);
}
