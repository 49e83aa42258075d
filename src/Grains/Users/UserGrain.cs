using Notifications.Runtime;

namespace Notifications.Grains;

public sealed class UserGrain([PersistentState("user")] IPersistentState<UserGrainState> user, TimeProvider time) : Grain, IUserGrain
{
    public Task<UserProfile> GetAsync() => Task.FromResult(Profile());

    public async Task<UserProfile> UpdateAsync(UserUpdate update)
    {
        var state = user.State;
        if (update.Language is not null)
        {
            state.Language = update.Language;
        }

        if (update.WebhookUrl is "")
        {
            state.Webhook = null;
        }
        else if (update.WebhookUrl is not null)
        {
            var secret = update.WebhookSecret
                ?? (state.Webhook is { } current && current.Url == update.WebhookUrl ? current.Secret : WebhookSecret.Generate());
            state.Webhook = new WebhookEndpoint(update.WebhookUrl, secret);
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

    public Task<RoutingDecision> RouteAsync(string? category, string? requestedChannel)
    {
        var state = user.State;
        if (category is not null && state.Categories.TryGetValue(category, out var optedIn) && !optedIn)
        {
            return Task.FromResult(RoutingDecision.Suppressed($"The user opted out of the '{category}' category."));
        }

        IEnumerable<string> candidates = requestedChannel is not null
            ? [requestedChannel]
            : state.Webhook is { Disabled: false } ? [ChannelNames.Webhook] : [ChannelNames.Log];
        var channels = candidates.Where(c => !state.DisabledChannels.Contains(c)).ToArray();
        if (channels.Length == 0)
        {
            return Task.FromResult(RoutingDecision.Suppressed($"The user turned off the '{string.Join("', '", candidates)}' channel."));
        }

        if (channels.Contains(ChannelNames.Webhook) && state.Webhook is not { Disabled: false })
        {
            return Task.FromResult(RoutingDecision.Suppressed("The user has no active webhook endpoint."));
        }

        return Task.FromResult(new RoutingDecision(channels, state.Language, state.Webhook, null));
    }

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
            state.UpdatedAt);
    }
}
