namespace Notifications.Grains;

/// <summary>
/// A recipient a fan-out page could not finish, handed to a notification grain of their own with what happened so
/// far: either routing deferred it, or the first attempt on <paramref name="Channel"/> came back with <paramref name="Result"/>.
/// </summary>
/// <param name="Channels">The channels routing chose, in order; those after <paramref name="Channel"/> are the fallbacks.</param>
/// <param name="ToldSteps">How many of the first steps of <paramref name="History"/> the page told the tenant's event endpoints already.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.FanOutContinuation")]
public sealed record FanOutContinuation(
    NotificationRequest Request,
    string RequestHash,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<NotificationTransition> History,
    bool Admitted,
    DateTimeOffset? DeferredUntil = null,
    string? DeferredBecause = null,
    string? Channel = null,
    DeliveryResult? Result = null,
    IReadOnlyList<string>? Channels = null,
    int ToldSteps = 0);
