using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Turns a validated send into an accepted notification. With an idempotency key the notification id is derived
/// from tenant and key, so a repeat reaches the same grain, which compares the request's hash.
/// </summary>
public sealed class NotificationSender(IGrainFactory grains, DeliveryLanes lanes, CategoryCatalog categories, Microsoft.Extensions.Options.IOptions<DeliveryOptions> delivery)
{
    /// <summary>Whether a send of this priority must be refused for now; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsOverloaded(NotificationPriority? priority, out TimeSpan retryAfter)
    {
        var overloaded = lanes.IsOverloaded(ContractMapping.ToGrain(priority ?? NotificationPriority.Normal));
        retryAfter = overloaded ? lanes.SuggestedRetryAfter() : TimeSpan.Zero;
        return overloaded;
    }

    /// <param name="templateVersion">The template version the check pinned.</param>
    public async Task<AcceptResult> SendAsync(string tenant, SendNotification send, string? idempotencyKey, int? templateVersion = null, CancellationToken cancellationToken = default)
    {
        var request = await RequestAsync(tenant, send, templateVersion);
        if (request.SendAt is null && request.SendAtLocal is null)
        {
            await lanes.WaitForRoomAsync(request.Priority, delivery.Value.SoftBacklogMaxWait, cancellationToken);
        }

        // Only a keyed send can meet an earlier one under the same id, so only it needs the request's hash.
        return idempotencyKey is null
            ? await grains.GetGrain<INotificationGrain>(Guid.CreateVersion7().ToString("N")).AcceptAsync(request, requestHash: "")
            // The hash is of what was asked: a retry after a newer version was published is still the same request.
            : await grains.GetGrain<INotificationGrain>(IdFor(tenant, idempotencyKey)).AcceptAsync(request, Hash(ContractMapping.ToRequest(tenant, send)));
    }

    /// <summary>
    /// Sends to every subscriber of a topic. With an idempotency key the send's id is derived from tenant, topic and
    /// key, so a repeat meets the send already accepted. Null when there is no such topic.
    /// </summary>
    public Task<TopicSendResult?> SendToTopicAsync(string tenant, string topicId, SendNotification send, string? idempotencyKey, int? templateVersion) =>
        SendToManyAsync(tenant, send, templateVersion, idempotencyKey is null ? null : $"topic\n{topicId}\n{idempotencyKey}", (sendId, request, hash) =>
            grains.GetGrain<ITopicGrain>(TopicKey.For(tenant, topicId)).SendAsync(sendId, request, hash));

    /// <summary>
    /// Sends to every user whose attributes match <paramref name="filter"/>. With an idempotency key the send's id is
    /// derived from tenant and key, so a repeat meets the send already accepted.
    /// </summary>
    public Task<AudienceSendResult> SendToAudienceAsync(string tenant, string filter, SendNotification send, string? idempotencyKey, int? templateVersion) =>
        SendToManyAsync(tenant, send, templateVersion, idempotencyKey is null ? null : $"audience\n{idempotencyKey}", async (sendId, request, hash) =>
            await grains.GetGrain<IAudienceSendGrain>(sendId).StartAsync(tenant, new AudienceSendStart(filter, request, hash + "\n" + filter)));

    private async Task<T> SendToManyAsync<T>(string tenant, SendNotification send, int? templateVersion, string? idempotencyKey, Func<string, NotificationRequest, string, Task<T>> start)
    {
        var request = await RequestAsync(tenant, send, templateVersion);
        var sendId = idempotencyKey is null ? Guid.CreateVersion7().ToString("N") : IdFor(tenant, idempotencyKey);
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

    private static string IdFor(string tenant, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{idempotencyKey}")))[..32];

    private static string Hash(NotificationRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
}
