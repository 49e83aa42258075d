using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Notifications.Grains;
using Orleans.Streams;

namespace Notifications.Client;

/// <summary>
/// The Notifications service for a .NET service that is a client of its Orleans cluster: the calls of
/// <see cref="NotificationsClient"/> as grain calls through the cluster's gateways, no HTTP between them, and a user's
/// inbox followed as an Orleans stream. Refusals throw <see cref="NotificationsApiException"/> as over HTTP.
/// </summary>
public sealed class NotificationsClusterClient(IClusterClient cluster, IOptions<NotificationsClusterOptions> options)
{
    /// <summary>Inbox events a slow reader may fall behind by; past it the oldest go (the unread count comes again with the next).</summary>
    private const int InboxEventsBuffered = 256;

    private string Tenant => options.Value.Tenant;

    private INotificationsGatewayGrain Gateway => cluster.GetGrain<INotificationsGatewayGrain>(0);

    public async Task<NotificationInfo> SendAsync(SendNotification notification, string? idempotencyKey = null)
    {
        var key = idempotencyKey ?? ClientRetries.NewIdempotencyKey();
        return (await CallAsync(gateway => gateway.SendAsync(Tenant, notification, key))).Take();
    }

    public async Task<BatchResult> SendBatchAsync(IEnumerable<SendNotification> notifications, string? idempotencyKey = null)
    {
        var key = idempotencyKey ?? ClientRetries.NewIdempotencyKey();
        // Read once: every try sends the same batch under the same key.
        var batch = new SendBatch([.. notifications]);
        return (await CallAsync(gateway => gateway.SendBatchAsync(Tenant, batch, key))).Take();
    }

    public async Task<NotificationInfo?> GetAsync(string notificationId) =>
        (await CallAsync(gateway => gateway.GetAsync(Tenant, notificationId))).TakeOrNull();

    public async Task<NotificationInfo> CancelAsync(string notificationId) =>
        (await CallAsync(gateway => gateway.CancelAsync(Tenant, notificationId))).Take();

    public async Task<UserInfo> UpdateUserAsync(string userId, UpdateUser update) =>
        (await CallAsync(gateway => gateway.UpdateUserAsync(Tenant, userId, update))).Take();

    public async Task<UserInfo?> GetUserAsync(string userId) =>
        (await CallAsync(gateway => gateway.GetUserAsync(Tenant, userId))).TakeOrNull();

    public async Task<TopicInfo> CreateTopicAsync(CreateTopic topic) =>
        (await CallAsync(gateway => gateway.CreateTopicAsync(Tenant, topic))).Take();

    public async Task<SubscribeResult> SubscribeAsync(string topicId, string userId, SubscribeToTopic subscription) =>
        (await CallAsync(gateway => gateway.SubscribeAsync(Tenant, topicId, userId, subscription))).Take();

    public async Task UnsubscribeAsync(string topicId, string userId) =>
        (await CallAsync(gateway => gateway.UnsubscribeAsync(Tenant, topicId, userId))).Take();

    public async Task<TopicSendInfo> SendToTopicAsync(string topicId, FanOutNotification notification, string? idempotencyKey = null)
    {
        var key = idempotencyKey ?? ClientRetries.NewIdempotencyKey();
        return (await CallAsync(gateway => gateway.SendToTopicAsync(Tenant, topicId, notification, key))).Take();
    }

    public async Task<TopicSendInfo?> GetTopicSendAsync(string topicId, string sendId) =>
        (await CallAsync(gateway => gateway.GetTopicSendAsync(Tenant, topicId, sendId))).TakeOrNull();

    /// <summary>Reports an event; without an idempotency key one is made, so that a retry starts nothing twice.</summary>
    public async Task<EventAccepted> TriggerAsync(TriggerEvent trigger)
    {
        var keyed = trigger with { IdempotencyKey = trigger.IdempotencyKey ?? ClientRetries.NewIdempotencyKey() };
        return (await CallAsync(gateway => gateway.TriggerAsync(Tenant, keyed))).Take();
    }

    public async Task<WorkflowRunInfo?> GetWorkflowRunAsync(string runId) =>
        (await CallAsync(gateway => gateway.GetWorkflowRunAsync(Tenant, runId))).TakeOrNull();

    public async Task<WorkflowRunInfo> CancelWorkflowRunAsync(string runId) =>
        (await CallAsync(gateway => gateway.CancelWorkflowRunAsync(Tenant, runId))).Take();

    /// <summary>
    /// Calls the gateway, again after a gateway it could not reach or a refusal that passes (429, 503), as
    /// <see cref="NotificationsClient"/> does over HTTP: waiting as long as the answer asks, or backing off.
    /// </summary>
    private async Task<GatewayAnswer<T>> CallAsync<T>(Func<INotificationsGatewayGrain, Task<GatewayAnswer<T>>> call)
    {
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            GatewayAnswer<T>? answer = null;
            try
            {
                answer = await call(Gateway);
                if (attempt >= settings.MaxRetries || (HttpStatusCode)answer.Status is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                {
                    return answer;
                }
            }
            catch (Exception exception) when (attempt < settings.MaxRetries && exception is SiloUnavailableException or OrleansMessageRejectionException)
            {
                // The call never ran: the silo it went to had gone, or turned it away.
            }

            await Task.Delay(answer?.RetryAfter ?? ClientRetries.Backoff(settings.RetryBaseDelay, attempt));
        }
    }

    /// <summary>
    /// What happens in a user's inbox from now on, as it happens: each notification that arrives, and each change of
    /// the unread count, until <paramref name="cancellationToken"/> ends the subscription.
    /// </summary>
    public async IAsyncEnumerable<InboxEventInfo> FollowInboxAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var events = Channel.CreateBounded<InboxEvent>(new BoundedChannelOptions(InboxEventsBuffered) { FullMode = BoundedChannelFullMode.DropOldest });
        var subscription = await cluster.GetStreamProvider(InboxStreams.Provider)
            .GetStream<InboxEvent>(InboxStreams.For(Tenant, userId))
            .SubscribeAsync((change, _) => events.Writer.WriteAsync(change).AsTask());
        try
        {
            await foreach (var change in events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return ContractMapping.ToContract(change);
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
