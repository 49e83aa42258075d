namespace Notifications.Grains;

/// <summary>What one silo sees of the service's health, as it reports it to <see cref="IServiceAlertsGrain"/>.</summary>
/// <param name="OpenCircuits">Providers whose circuit is open on this silo, as (route, provider).</param>
/// <param name="Backlog">Work waiting in this silo's delivery lanes.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.SiloHealthReport")]
public sealed record SiloHealthReport(IReadOnlyList<(string Route, string Provider)> OpenCircuits, IReadOnlyList<string> DownRoutes, int Backlog);
