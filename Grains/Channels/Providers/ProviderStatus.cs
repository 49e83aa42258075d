namespace Notifications.Grains;

/// <summary>How one provider is doing, for health checks and operators.</summary>
/// <param name="ConfigurationError">The last answer that said our side is misconfigured (credentials, sender),
/// until a send through the provider succeeds again.</param>
public sealed record ProviderStatus(
    string Route,
    string Provider,
    bool CircuitOpen,
    string? ConfigurationError,
    DateTimeOffset? ConfigurationErrorAt,
    long Succeeded,
    long Failed);
