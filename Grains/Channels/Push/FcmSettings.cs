namespace Notifications.Grains;

/// <summary>Firebase Cloud Messaging HTTP v1 (route <c>fcm</c>, type <c>fcm</c>).</summary>
public sealed class FcmSettings : ProviderSettings
{
    /// <summary>The Firebase project id; by default the service account's.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The service account's JSON key, as the Google Cloud console gives it. Never logged.</summary>
    public string ServiceAccountJson { get; set; } = "";

    public Uri BaseUrl { get; set; } = new("https://fcm.googleapis.com");
}
