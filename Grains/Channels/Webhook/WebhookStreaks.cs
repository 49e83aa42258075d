
namespace Notifications.Grains;

/// <summary>
/// Tells a user's grain how a delivery to their webhook endpoint went, when it matters: every failure, and a delivery
/// that ends a run of failures. Deliveries to a working endpoint cost the user's grain nothing.
/// </summary>
internal static class WebhookStreaks
{
    public static async Task ReportAsync(IGrainFactory grains, NotificationRequest request, WebhookEndpoint endpoint, DeliveryResult result)
    {
        bool? delivered = result.Outcome switch
        {
            DeliveryOutcome.Delivered or DeliveryOutcome.Sent when endpoint.FailingSince is not null => true,
            DeliveryOutcome.Transient or DeliveryOutcome.RateLimited => false,
            _ => null,
        };
        if (delivered is not { } outcome)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IUserGrain>(UserKey.For(request.Tenant, request.UserId)).ReportWebhookAsync(endpoint.Url, outcome);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next delivery reports again; the notification's own outcome does not wait on the endpoint's record.
        }
    }
}
