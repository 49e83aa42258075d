namespace Notifications.Grains;

/// <summary>Twilio Messages: <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>.</summary>
public sealed class TwilioSmsProvider(TwilioClient twilio, ProviderCallbacks callbacks) : IDeliveryProvider<SmsMessage>
{
    /// <summary>Twilio's limit for one message body.</summary>
    public const int MaxBodyLength = 1600;

    public string Name => twilio.Name;

    public Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var settings = twilio.Settings;
        var form = new List<KeyValuePair<string, string>> { new("To", message.To) };
        form.Add(settings.MessagingServiceSid is { Length: > 0 } service ? new("MessagingServiceSid", service) : new("From", settings.From ?? ""));
        form.Add(new("Body", message.Body.Length <= MaxBodyLength ? message.Body : message.Body[..(MaxBodyLength - 1)] + "…"));
        if (callbacks.TwilioStatusUrl(Name, message.NotificationId) is { } callback)
        {
            form.Add(new("StatusCallback", callback));
        }

        return twilio.CreateAsync("Messages", message.To, form, cancellationToken);
    }
}
