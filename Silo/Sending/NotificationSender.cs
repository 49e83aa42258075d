using System.Security.Cryptography;
using System.Text.Json;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Turns a validated send into an accepted notification. With an idempotency key the notification id is derived
/// from tenant and key (<see cref="NotificationIds"/>), so a repeat reaches the same grain, which compares the request's hash.
/// </summary>
public sealed class NotificationSender(IGrainFactory grains, DeliveryLanes lanes, CategoryCatalog categories, Microsoft.Extensions.Options.IOptions<DeliveryOptions> delivery, AcceptCoalescer coalescer, NotificationIds ids, TimeProvider time)
{
    /// <summary>Null when a tenant's send of this priority is taken (a critical one may wait its turn); otherwise how long to wait before retrying.</summary>
    public ValueTask<TimeSpan?> AdmitAsync(string tenant, NotificationPriority? priority, CancellationToken cancellationToken) =>
        lanes.AdmitAsync(ContractMapping.ToGrain(priority ?? NotificationPriority.Normal), tenant, cancellationToken);

    /// <param name="templateVersion">The template version the check pinned.</param>
    public async Task<AcceptResult> SendAsync(string tenant, SendNotification send, string? idempotencyKey, int? templateVersion = null, CancellationToken cancellationToken = default) =>
        await AcceptAsync(tenant, send, await RequestAsync(tenant, send, templateVersion), idempotencyKey, cancellationToken);

    private async Task<AcceptResult> AcceptAsync(string tenant, SendNotification send, NotificationRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (request.SendAt is null && request.SendAtLocal is null)
        {
            await lanes.WaitForRoomAsync(request.Priority, delivery.Value.SoftBacklogMaxWait, cancellationToken);
        }

        if (idempotencyKey is null && CanGoTogether(request))
        {
            return await coalescer.AcceptAsync(request);
        }

        if (idempotencyKey is null)
        {
            return await coalescer.AcceptAloneAsync(request);
        }

        // Only a keyed send can meet an earlier one under the same id, so only it needs the request's hash. The hash is
        // of what was asked: a retry after a newer version was published is still the same request.
        var id = await ids.ResolveAsync(tenant, idempotencyKey, async heldAt => await grains.Get<INotificationGrain>(heldAt).GetAsync(tenant) is not null);
        var notification = grains.Get<INotificationGrain>(id);
        var hash = Hash(ContractMapping.ToRequest(tenant, send));
        return await ClusterRetry.RunAsync(() => notification.AcceptAsync(request, hash));
    }

    /// <summary>
    /// Accepts the items of a batch. Those delivered at least once that need no idempotency key of their own go
    /// together as fan-out pages (one activation and one write for a page of them, as a topic's page), a page per send
    /// time; each other item is a notification grain of its own.
    /// </summary>
    public async Task<AcceptResult[]> SendBatchAsync(string tenant, IReadOnlyList<BatchSend> items, CancellationToken cancellationToken = default)
    {
        var requests = new NotificationRequest[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            requests[i] = await RequestAsync(tenant, items[i].Send, items[i].TemplateVersion);
        }

        var together = Enumerable.Range(0, items.Count).Where(i => items[i].IdempotencyKey is null && CanGoTogether(requests[i])).ToArray();
        var results = new AcceptResult[items.Count];
        var alone = Enumerable.Range(0, items.Count).Except(together).Select(async i =>
            results[i] = await AcceptAsync(tenant, items[i].Send, requests[i], items[i].IdempotencyKey, cancellationToken));
        // A page per priority (so that a critical item never carries low ones past the back-pressure), per send time and
        // per hundred.
        var now = time.GetUtcNow();
        var pages = together.GroupBy(i => (requests[i].Priority, SendAt: AcceptCoalescer.WaitsUntil(requests[i], now)))
            .SelectMany(group => group.Chunk(AcceptCoalescer.MaxPage).Select(page => (group.Key.SendAt, Items: page))).Select(async page =>
        {
            if (page.Items.Length == 1)
            {
                results[page.Items[0]] = await AcceptAsync(tenant, items[page.Items[0]].Send, requests[page.Items[0]], idempotencyKey: null, cancellationToken);
                return;
            }

            if (page.SendAt is null)
            {
                await lanes.WaitForRoomAsync(requests[page.Items[0]].Priority, delivery.Value.SoftBacklogMaxWait, cancellationToken);
            }

            foreach (var (i, result) in page.Items.Zip(await coalescer.AcceptTogetherAsync([.. page.Items.Select(i => requests[i])])))
            {
                results[i] = result;
            }
        });
        await Task.WhenAll(alone.Concat(pages));
        return results;
    }

    /// <summary>What a page delivers itself: a notification sent at least once (a page is resent whole after a crash).</summary>
    private static bool CanGoTogether(NotificationRequest request) => request.Mode == DeliveryMode.AtLeastOnce;

    /// <summary>
    /// Sends to every subscriber of a topic. With an idempotency key the send's id is derived from tenant, topic and
    /// key, so a repeat meets the send already accepted. Null when there is no such topic.
    /// </summary>
    public Task<TopicSendResult?> SendToTopicAsync(string tenant, string topicId, SendNotification send, string? idempotencyKey, int? templateVersion) =>
        SendToManyAsync(
            tenant, send, templateVersion, idempotencyKey is null ? null : $"topic\n{topicId}\n{idempotencyKey}",
            async heldAt => await grains.Get<ITopicSendGrain>(heldAt).GetAsync(tenant) is not null,
            (sendId, request, hash) => grains.Get<ITopicGrain>(TopicKey.For(tenant, topicId)).SendAsync(sendId, request, hash));

    /// <summary>
    /// Sends to every user whose attributes match <paramref name="filter"/>. With an idempotency key the send's id is
    /// derived from tenant and key, so a repeat meets the send already accepted.
    /// </summary>
    public Task<AudienceSendResult> SendToAudienceAsync(string tenant, string filter, SendNotification send, string? idempotencyKey, int? templateVersion) =>
        SendToManyAsync(
            tenant, send, templateVersion, idempotencyKey is null ? null : $"audience\n{idempotencyKey}",
            async heldAt => await grains.Get<IAudienceSendGrain>(heldAt).GetAsync(tenant) is not null,
            async (sendId, request, hash) => await grains.Get<IAudienceSendGrain>(sendId).StartAsync(tenant, new AudienceSendStart(filter, request, hash + "\n" + filter)));

    private async Task<T> SendToManyAsync<T>(
        string tenant, SendNotification send, int? templateVersion, string? idempotencyKey, Func<string, Task<bool>> heldAt, Func<string, NotificationRequest, string, Task<T>> start)
    {
        var request = await RequestAsync(tenant, send, templateVersion);
        var sendId = idempotencyKey is null ? Guid.CreateVersion7().ToString("N") : await ids.ResolveAsync(tenant, idempotencyKey, heldAt);
        return await start(sendId, request, Hash(ContractMapping.ToRequest(tenant, send)));
    }

    /// <summary>What is accepted: the send as asked, with the category's policy and the template version of now.</summary>
    private async Task<NotificationRequest> RequestAsync(string tenant, SendNotification send, int? templateVersion)
    {
        var asked = ContractMapping.ToRequest(tenant, send);
        return asked with
        {
            TemplateVersion = templateVersion ?? asked.TemplateVersion,
            CategoryPolicy = await categories.PolicyAsync(tenant, asked.Category),
        };
    }

    private static string Hash(NotificationRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
}
