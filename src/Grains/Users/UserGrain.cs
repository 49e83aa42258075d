using Microsoft.Extensions.Options;
using Notifications.Runtime;

namespace Notifications.Grains;

public sealed class UserGrain(
    [PersistentState("user")] IPersistentState<UserGrainState> user,
    IOptions<RateLimitOptions> rateLimits,
    TimeProvider time) : Grain, IUserGrain
{
    private static readonly TimeSpan DefaultDedupeWindow = TimeSpan.FromMinutes(10);

    /// <summary>How long a replaced webhook secret still signs deliveries.</summary>
    public static readonly TimeSpan SecretRotationOverlap = TimeSpan.FromHours(24);

    public Task<UserProfile> GetAsync() => Task.FromResult(Profile());

    public async Task<UserProfile> UpdateAsync(UserUpdate update)
    {
        var state = user.State;
        if (update.Language is not null)
        {
            state.Language = update.Language;
        }

        if (update.TimeZone is not null)
        {
            state.TimeZone = update.TimeZone is "" ? null : update.TimeZone;
        }

        if (update.WebhookUrl is "")
        {
            state.Webhook = null;
        }
        else if (update.WebhookUrl is not null)
        {
            var current = state.Webhook is { } existing && existing.Url == update.WebhookUrl ? existing : null;
            var secret = update.WebhookSecret ?? current?.Secret ?? WebhookSecret.Generate();
            state.Webhook = current is not null && current.Secret != secret
                // A rotation: the receiver gets a day in which deliveries carry a signature under either secret.
                ? new WebhookEndpoint(update.WebhookUrl, secret, PreviousSecret: current.Secret, PreviousSecretExpiresAt: time.GetUtcNow() + SecretRotationOverlap)
                : new WebhookEndpoint(update.WebhookUrl, secret, PreviousSecret: current?.PreviousSecret, PreviousSecretExpiresAt: current?.PreviousSecretExpiresAt);
        }

        await SaveAsync();
        return Profile();
    }

    public async Task<UserProfile> UpdatePreferencesAsync(PreferenceUpdate update)
    {
        var state = user.State;
        if (update.Language is not null)
        {
            state.Language = update.Language;
        }

        foreach (var (channel, enabled) in update.Channels ?? new Dictionary<string, bool>())
        {
            if (enabled)
            {
                state.DisabledChannels.Remove(channel);
            }
            else
            {
                state.DisabledChannels.Add(channel);
            }
        }

        foreach (var (category, optedIn) in update.Categories ?? new Dictionary<string, bool>())
        {
            state.Categories[category] = optedIn;
        }

        await SaveAsync();
        return Profile();
    }

    public async Task DisableWebhookAsync(string url, string reason)
    {
        // Only the endpoint that failed: the user may have set a new one since the send began.
        if (user.State.Webhook is { Disabled: false } endpoint && endpoint.Url == url)
        {
            user.State.Webhook = endpoint with { Disabled = true, DisabledBecause = reason };
            await SaveAsync();
        }
    }

    public async Task<RoutingDecision> RouteAsync(RoutingRequest request)
    {
        var state = user.State;
        var now = time.GetUtcNow();
        if (request.Category is not null && state.Categories.TryGetValue(request.Category, out var optedIn) && !optedIn)
        {
            return RoutingDecision.Suppressed($"The user opted out of the '{request.Category}' category.");
        }

        IEnumerable<string> candidates = request.Channel is not null
            ? [request.Channel]
            : state.Webhook is { Disabled: false } ? [ChannelNames.Webhook] : [ChannelNames.Log];
        var channels = candidates.Where(c => !state.DisabledChannels.Contains(c)).ToArray();
        if (channels.Length == 0)
        {
            return RoutingDecision.Suppressed($"The user turned off the '{string.Join("', '", candidates)}' channel.");
        }

        if (channels.Contains(ChannelNames.Webhook) && state.Webhook is not { Disabled: false })
        {
            return RoutingDecision.Suppressed("The user has no active webhook endpoint.");
        }

        if (request.SendAtLocal is { } local && ZonedTime.ToInstant(local, state.TimeZone) is var sendAt && sendAt > now)
        {
            return RoutingDecision.Deferred(sendAt, $"To be sent at {local:yyyy-MM-dd'T'HH:mm:ss} in {state.TimeZone ?? "UTC"} ({sendAt:O}).");
        }

        if (!request.Admitted && await AdmitAsync(request, channels[0], now) is { } refusal)
        {
            return refusal;
        }

        return new RoutingDecision(channels, state.Language, state.Webhook);
    }

    /// <summary>Applies the dedupe window and the rate limits to a notification's first routing; null admits it.</summary>
    private async Task<RoutingDecision?> AdmitAsync(RoutingRequest request, string channel, DateTimeOffset now)
    {
        var state = user.State;
        var expired = state.Dedupe.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToArray();
        foreach (var key in expired)
        {
            state.Dedupe.Remove(key);
        }

        var changed = expired.Length > 0;

        if (request.DedupeKey is { } dedupeKey && state.Dedupe.TryGetValue(dedupeKey, out var holder) && holder.NotificationId != request.NotificationId)
        {
            await SaveIfAsync(changed);
            return RoutingDecision.Suppressed($"A duplicate of notification {holder.NotificationId}: dedupe key '{dedupeKey}' is taken until {holder.ExpiresAt:O}.");
        }

        var taken = new List<(RateLimitRule Rule, TokenBucket Bucket)>();
        if (request.Priority != Priority.Critical)
        {
            foreach (var rule in rateLimits.Value.Rules.Where(r => r.Limit > 0 && r.Per > TimeSpan.Zero && r.Applies(channel, request.Category)))
            {
                var bucket = (state.RateLimits.TryGetValue(rule.Name, out var current) ? current : new TokenBucket(rule.Limit, now)).Refilled(rule, now);
                if (bucket.Tokens < 1)
                {
                    await SaveIfAsync(changed);
                    var limit = $"The rate limit of {rule.Limit} per {rule.Per} for channel {rule.Channel ?? "any"} and category {rule.Category ?? "any"}";
                    return rule.Action == RateLimitAction.Suppress
                        ? RoutingDecision.Suppressed($"{limit} is reached.")
                        : RoutingDecision.Deferred(now + bucket.TimeToNextToken(rule), $"{limit} is reached; waiting for the next token.");
                }

                taken.Add((rule, bucket with { Tokens = bucket.Tokens - 1 }));
            }
        }

        foreach (var (rule, bucket) in taken)
        {
            state.RateLimits[rule.Name] = bucket;
        }

        if (request.DedupeKey is { } newKey)
        {
            state.Dedupe[newKey] = new DedupeEntry(request.NotificationId, now + (request.DedupeWindow ?? DefaultDedupeWindow));
        }

        await SaveIfAsync(changed || taken.Count > 0 || request.DedupeKey is not null);
        return null;
    }

    private Task SaveIfAsync(bool changed) => changed ? user.WriteStateAsync() : Task.CompletedTask;

    private Task SaveAsync()
    {
        user.State.UpdatedAt = time.GetUtcNow();
        return user.WriteStateAsync();
    }

    private UserProfile Profile()
    {
        var state = user.State;
        var key = GetPrimaryKeyString();
        return new UserProfile(
            key[(key.IndexOf('/') + 1)..],
            user.RecordExists,
            state.Language,
            state.Webhook,
            state.DisabledChannels.Order(StringComparer.Ordinal).ToArray(),
            new Dictionary<string, bool>(state.Categories),
            state.UpdatedAt,
            state.TimeZone);
    }
}
