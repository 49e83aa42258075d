using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Runtime;

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
        var asked = ContractMapping.ToRequest(tenant, send);
        var request = asked with
        {
            TemplateVersion = templateVersion ?? asked.TemplateVersion,
            CategoryPolicy = await categories.PolicyAsync(tenant, asked.Category),
        };
        if (request.SendAt is null && request.SendAtLocal is null)
        {
            await lanes.WaitForRoomAsync(request.Priority, delivery.Value.SoftBacklogMaxWait, cancellationToken);
        }

        // Only a keyed send can meet an earlier one under the same id, so only it needs the request's hash.
        return idempotencyKey is null
            ? await grains.GetGrain<INotificationGrain>(Guid.CreateVersion7().ToString("N")).AcceptAsync(request, requestHash: "")
            // The hash is of what was asked: a retry after a newer version was published is still the same request.
            : await grains.GetGrain<INotificationGrain>(IdFor(tenant, idempotencyKey)).AcceptAsync(request, Hash(asked));
    }

    private static string IdFor(string tenant, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{idempotencyKey}")))[..32];

    private static string Hash(NotificationRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
}
