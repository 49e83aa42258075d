namespace Notifications.Grains;

/// <summary>Where the outside world reaches this service: for provider callbacks and links in messages.</summary>
public sealed class ServiceUrlOptions
{
    public const string SectionName = "Notifications";

    /// <summary>
    /// The service's public https address, such as <c>https://notify.example.com</c>. Without it no status
    /// callbacks are asked of providers and no unsubscribe links are put in mail.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }
}
