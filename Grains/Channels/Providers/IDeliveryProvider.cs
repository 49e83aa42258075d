namespace Notifications.Grains;

/// <summary>
/// One configured account at one provider (Twilio, SendGrid, FCM...), speaking its HTTP or SMTP API and classifying
/// every answer. It neither retries nor fails over: the provider chain and the delivery engine do.
/// </summary>
public interface IDeliveryProvider<in TMessage>
{
    /// <summary>The configured name, unique within its route; shown in histories, health and metrics.</summary>
    string Name { get; }

    /// <summary>
    /// Sends go to endpoints the recipients chose (web push): their failures say nothing of the provider, and a
    /// recipient who answers badly on purpose must not open the circuit that holds back everyone's sends.
    /// </summary>
    bool SendsToRecipientEndpoints => false;

    Task<DeliveryResult> SendAsync(TMessage message, CancellationToken cancellationToken);
}
