namespace Notifications.Client;

/// <summary>A request that is not a webhook this service signed with the receiver's secret: answer it 400 and drop it.</summary>
public sealed class WebhookVerificationException : Exception
{
    public WebhookVerificationException(string message)
        : base(message)
    {
    }

    public WebhookVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
