namespace Notifications.Grains;

/// <summary>The user's live addresses: those no provider has refused for good.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.Recipient")]
public sealed record Recipient(string? Email, string? Phone, IReadOnlyList<Device> Devices, WebhookEndpoint? Webhook)
{
    public static Recipient None { get; } = new(null, null, [], null);

    public IEnumerable<Device> DevicesFor(string channel) => Devices.Where(d => DeviceKinds.ChannelOf(d.Kind) == channel);
}
