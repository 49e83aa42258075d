namespace Notifications.Grains;

/// <summary>Azure Communication Services Email (route <c>email</c>, type <c>acs</c>).</summary>
public sealed class AcsEmailSettings : ProviderSettings
{
    /// <summary><c>endpoint=https://{resource}.communication.azure.com/;accesskey={base64}</c>. Never logged.</summary>
    public string ConnectionString { get; set; } = "";

    public string ApiVersion { get; set; } = "2023-03-31";

    /// <summary>How long a send waits for the operation to finish before it reports the mail as taken and leaves it.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
