using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>The addresses providers report delivery outcomes to.</summary>
public sealed class ProviderCallbacks(IOptions<ServiceUrlOptions> urls)
{
    /// <summary>A Twilio status callback for one notification, or null without a public address.</summary>
    public string? TwilioStatusUrl(string provider, string notificationId) => urls.Value.PublicBaseUrl is { } baseUrl
        ? new Uri(baseUrl, $"/v1/callbacks/twilio/{Uri.EscapeDataString(provider)}?notification_id={Uri.EscapeDataString(notificationId)}").AbsoluteUri
        : null;
}
