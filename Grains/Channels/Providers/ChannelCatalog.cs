namespace Notifications.Grains;

/// <summary>The channels this installation can deliver through: those that need no provider, and those with one configured.</summary>
public sealed class ChannelCatalog(ProviderChains chains)
{
    private static readonly IReadOnlyList<string> WithoutProviders = [ChannelNames.Log, ChannelNames.Webhook, ChannelNames.InApp];

    private IReadOnlyList<string>? _available;

    public IReadOnlyList<string> Available => _available ??= WithoutProviders
        .Concat(chains.ConfiguredRoutes.Select(ChannelOf).OfType<string>())
        .Distinct()
        .OrderBy(c => ChannelNames.All.ToList().IndexOf(c))
        .ToArray();

    private static string? ChannelOf(string route) => route switch
    {
        "fcm" or "apns" => ChannelNames.Push,
        _ when ChannelNames.IsKnown(route) => route,
        _ => null,
    };
}
