using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Notifications.Grains;

/// <summary>
/// Builds each route's provider chain from <c>Notifications:Providers:{Route}</c>, a list of providers in order of
/// preference, each with a <c>Type</c>, an optional <c>Name</c>, its credentials and its limits.
/// </summary>
public sealed class ProviderChains(
    IServiceProvider services,
    IConfiguration configuration,
    IEnumerable<ProviderType> types,
    ProviderHealth health,
    ClusterShare share,
    IGrainFactory grains,
    TimeProvider time) : IAsyncDisposable
{
    public const string SectionName = "Notifications:Providers";

    private readonly ConcurrentDictionary<string, IAsyncDisposable> _chains = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyList<ProviderType> _types = types.ToArray();

    /// <summary>The routes with at least one provider configured.</summary>
    public IEnumerable<string> ConfiguredRoutes =>
        configuration.GetSection(SectionName).GetChildren().Where(route => route.GetChildren().Any()).Select(route => route.Key.ToLowerInvariant());

    /// <summary>Every configured provider of <paramref name="type"/> on <paramref name="route"/>, in order.</summary>
    public IEnumerable<T> SettingsOfType<T>(string type, string route)
        where T : ProviderSettings, new() =>
        configuration.GetSection($"{SectionName}:{route}").GetChildren()
            .Where(section => string.Equals(section["Type"], type, StringComparison.OrdinalIgnoreCase))
            .Select(section => section.Get<T>() ?? new T());

    /// <summary>The settings of the provider of <paramref name="type"/> named <paramref name="name"/> on one of <paramref name="routes"/>, or null.</summary>
    public T? SettingsOf<T>(string type, string name, params string[] routes)
        where T : ProviderSettings, new() =>
        routes.SelectMany(route => SettingsOfType<T>(type, route)).FirstOrDefault(settings => (settings.Name ?? settings.Type.ToLowerInvariant()) == name);

    /// <summary>
    /// Builds every configured route's chain, so that a wrong setting stops the silo at start, naming the setting,
    /// rather than dead-letter the first notification that needs it.
    /// </summary>
    public void BuildAll()
    {
        foreach (var route in ConfiguredRoutes)
        {
            var type = _types.FirstOrDefault(t => string.Equals(t.Route, route, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"{SectionName}:{route} is not a route; the routes are: {string.Join(", ", _types.Select(t => t.Route).Distinct())}.");
            typeof(ProviderChains).GetMethod(nameof(For))!.MakeGenericMethod(type.MessageType).Invoke(this, [route]);
        }
    }

    public ProviderChain<TMessage> For<TMessage>(string route) where TMessage : IRecipientMessage =>
        (ProviderChain<TMessage>)_chains.GetOrAdd(route, r => Build<TMessage>(r));

    private ProviderChain<TMessage> Build<TMessage>(string route) where TMessage : IRecipientMessage
    {
        var providers = new List<GuardedProvider<TMessage>>();
        foreach (var section in configuration.GetSection($"{SectionName}:{route}").GetChildren())
        {
            var settings = section.Get<ProviderSettings>() ?? new ProviderSettings();
            var type = _types.FirstOrDefault(t => string.Equals(t.Route, route, StringComparison.OrdinalIgnoreCase)
                                                   && string.Equals(t.Type, settings.Type, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(
                    $"{section.Path}:Type is '{settings.Type}'; a {route} provider is one of: {string.Join(", ", _types.Where(t => t.Route == route).Select(t => t.Type))}.");
            var name = settings.Name ?? settings.Type.ToLowerInvariant();
            if (providers.Any(p => p.Name == name))
            {
                throw new InvalidOperationException($"Two {route} providers are named '{name}'; give each a Name of its own.");
            }

            var provider = (IDeliveryProvider<TMessage>)type.Create(services, section, name);
            providers.Add(new GuardedProvider<TMessage>(route, provider, settings, health, share, grains, time));
        }

        return new ProviderChain<TMessage>(route, providers);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var chain in _chains.Values)
        {
            await chain.DisposeAsync();
        }
    }
}
