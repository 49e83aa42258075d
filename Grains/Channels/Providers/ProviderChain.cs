namespace Notifications.Grains;

/// <summary>
/// The providers configured for one route (email, sms, fcm...), in order of preference: a send goes to the first
/// one that takes it, and on to the next while a provider is failing, throttled or misconfigured.
/// </summary>
public sealed class ProviderChain<TMessage>(string route, IReadOnlyList<GuardedProvider<TMessage>> providers) : IAsyncDisposable
    where TMessage : IRecipientMessage
{
    public string Route { get; } = route;

    public bool IsConfigured => providers.Count > 0;

    public IEnumerable<string> ProviderNames => providers.Select(p => p.Name);

    /// <param name="mayRepeat">
    /// Whether a send whose outcome is unknown (a timeout) may be tried at the next provider: not for at_most_once.
    /// </param>
    public async Task<DeliveryResult> SendAsync(TMessage message, bool mayRepeat, CancellationToken cancellationToken)
    {
        if (providers.Count == 0)
        {
            return new DeliveryResult(DeliveryOutcome.PermanentConfiguration, $"No {Route} provider is configured.");
        }

        var failures = new List<DeliveryResult>(providers.Count);
        foreach (var provider in providers)
        {
            var result = await provider.SendAsync(message, cancellationToken);
            var final = result.Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Sent or DeliveryOutcome.PermanentRecipient
                || (result.MayHaveBeenDelivered && !mayRepeat);
            if (final)
            {
                return result;
            }

            failures.Add(result);
        }

        return failures.Count == 1 ? failures[0] : Combine(failures);
    }

    /// <summary>Every provider failed: the outcome says when trying again makes sense at all.</summary>
    private DeliveryResult Combine(List<DeliveryResult> failures)
    {
        var reason = string.Join(" ", failures.Select(f => f.Reason));
        var mayHaveBeenDelivered = failures.Any(f => f.MayHaveBeenDelivered);
        var dead = failures.SelectMany(f => f.DeadAddresses ?? []).Distinct().ToArray();
        if (failures.All(f => f.Outcome == DeliveryOutcome.PermanentConfiguration))
        {
            return new DeliveryResult(DeliveryOutcome.PermanentConfiguration, reason, Provider: failures[^1].Provider, DeadAddresses: dead);
        }

        // When every provider named a delay, the soonest of them; otherwise the engine's own backoff.
        TimeSpan? retryAfter = failures.All(f => f.RetryAfter is not null) ? failures.Min(f => f.RetryAfter!.Value) : null;
        var outcome = failures.Any(f => f.Outcome == DeliveryOutcome.Transient) ? DeliveryOutcome.Transient : DeliveryOutcome.RateLimited;
        return new DeliveryResult(outcome, reason, retryAfter, MayHaveBeenDelivered: mayHaveBeenDelivered, Provider: failures[^1].Provider, DeadAddresses: dead);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }
    }
}
