using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

[GrainType(UserGrain.GrainTypeName)]
public sealed partial class UserGrain(
    [PersistentState(UserGrain.StateName)] IPersistentState<UserGrainState> user,
    IOptions<RateLimitOptions> rateLimits,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable
{
    /// <summary>Stable in grain ids, stored keys and reminders: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "user";

    /// <summary>The name of the user's stored state, by which every user of a tenant can be listed.</summary>
    public const string StateName = "user";

    private static readonly TimeSpan DefaultDedupeWindow = TimeSpan.FromMinutes(10);

    /// <summary>Sends the topics' pages the user's routing card again until they have it.</summary>
    private const string CardsReminder = "topic-cards";

    /// <summary>The cards reminder as this activation registered it, so that removing it needs no read of the table.</summary>
    private IGrainReminder? _cardsReminder;

    /// <summary>How long a replaced webhook secret still signs deliveries.</summary>
    public static readonly TimeSpan SecretRotationOverlap = TimeSpan.FromHours(24);

    public Task<UserProfile> GetAsync() => Task.FromResult(Profile());

    public async Task<UserProfile> UpdateAsync(UserUpdate update)
    {
        var state = user.State;
        // Checked before anything changes: a refused update leaves the user as it was.
        EnsureAttributesFit(update.Attributes);
        if (update.Language is not null)
        {
            state.Language = update.Language;
        }

        if (update.TimeZone is not null)
        {
            state.TimeZone = update.TimeZone is "" ? null : update.TimeZone;
        }

        var secretBefore = state.Webhook?.Secret;
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

        // An address given again is the user's word that it works: a provider's earlier refusal no longer holds.
        if (update.Email is not null)
        {
            state.Email = update.Email is "" ? null : update.Email;
            state.Unreachable.RemoveAll(u => u.Address == update.Email);
        }

        if (update.Phone is not null)
        {
            state.Phone = update.Phone is "" ? null : update.Phone;
            state.Unreachable.RemoveAll(u => u.Address == update.Phone);
        }

        if (update.Devices is not null)
        {
            state.Devices = update.Devices.DistinctBy(d => (d.Kind, d.Token)).ToList();
            state.Unreachable.RemoveAll(u => update.Devices.Any(d => d.Token == u.Address));
        }

        foreach (var (name, value) in update.Attributes ?? new Dictionary<string, System.Text.Json.JsonElement>())
        {
            if (value.ValueKind is System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined)
            {
                state.Attributes.Remove(name);
            }
            else
            {
                state.Attributes[name] = value.Clone();
            }
        }

        // What is no longer the user's address need not be remembered as unreachable.
        state.Unreachable.RemoveAll(u => u.Address != state.Email && u.Address != state.Phone && state.Devices.All(d => d.Token != u.Address));

        await SaveAsync();
        return Profile() with { WebhookSecretIssued = state.Webhook is { } webhook && webhook.Secret != secretBefore };
    }

    public async Task ImportAsync(UserUpdate update)
    {
        await UpdateAsync(update);
        DeactivateOnIdle();
    }

    public async Task DeleteAsync()
    {
        var tenant = Tenant;
        var userId = UserId;
        var directoryPage = user.State.DirectoryPage;
        // The topics' pages first: a crash in between leaves a user who can be deleted again, never a subscription
        // nobody can find. The pages, not the topics: a topic may be waiting on this user (a subscription in flight),
        // and this grain waiting on the topic would wait for ever; a page waits on nobody.
        // Every page the user has been on, not only those of their topics: an unsubscription whose page was not reached
        // leaves the user (and their routing card) there.
        await Task.WhenAll(user.State.Topics.Select(t => new TopicPlace(t.Key, t.Value)).Concat(user.State.TopicPlaces).Distinct().Select(async place =>
        {
            var topicKey = TopicKey.For(tenant, place.TopicId);
            if (await GrainFactory.Get<ITopicPageGrain>(TopicKey.Page(topicKey, place.Page)).RemoveAsync(userId, user.State.Incarnation))
            {
                await GrainFactory.Get<ITopicGrain>(topicKey).SubscriberLeftAsync();
            }
        }));
        await user.ClearStateAsync();
        // After the user is gone: a crash in between leaves a listing that no longer answers for anyone.
        if (directoryPage is { } page)
        {
            await DirectoryPage(page).RemoveAsync([userId]);
        }

        DeactivateOnIdle();
    }

    public async Task<TopicMembership> JoinTopicAsync(string topicId, int page, bool bulk)
    {
        if (bulk)
        {
            DeactivateOnIdle();
        }

        var joined = !user.State.Topics.TryGetValue(topicId, out var existing);
        RoutingCard? card = null;
        if (joined || user.State.Incarnation == Guid.Empty)
        {
            // A user stored before incarnations were named gets one here.
            user.State.Incarnation = user.State.Incarnation == Guid.Empty ? Guid.NewGuid() : user.State.Incarnation;
            // On no topic until now, the card was not kept current: this page, the only one, gets it with the membership.
            var firstTopic = user.State.Topics.Count == 0;
            user.State.Topics.TryAdd(topicId, page);
            RememberPlace(topicId, joined ? page : existing);
            card = await StoreAsync(sendCard: !firstTopic);
        }

        return new TopicMembership(joined ? page : existing, joined, user.State.Incarnation, card ?? SendableCard());
    }

    public Task<bool> MatchesAsync(string filter, int directoryPage)
    {
        DeactivateOnIdle();
        return Task.FromResult(user.RecordExists && user.State.DirectoryPage == directoryPage && AttributeFilter.Parse(filter).Matches(user.State.Attributes));
    }

    public async Task EnsureListedAsync()
    {
        DeactivateOnIdle();
        if (user.RecordExists && user.State.DirectoryPage is null)
        {
            await StoreAsync();
        }
    }

    public Task<int?> DirectoryPageAsync() => Task.FromResult(user.RecordExists ? user.State.DirectoryPage : null);

    public Task<IReadOnlyList<string>> SendLogsAsync()
    {
        // Users subscribed before places were kept have only their present subscriptions.
        var topicPages = user.State.TopicPlaces.Concat(user.State.Topics.Select(t => new TopicPlace(t.Key, t.Value))).Distinct()
            .Select(place => TopicKey.Page(TopicKey.For(Tenant, place.TopicId), place.Page));
        var directoryPage = user.State.DirectoryPage is { } page ? DirectoryKey.UserPage(Tenant, page) : null;
        return Task.FromResult<IReadOnlyList<string>>([.. topicPages.Append(directoryPage).OfType<string>().Select(DirectoryKey.SendsOver)]);
    }

    public Task<int?> TopicPageAsync(string topicId) =>
        Task.FromResult(user.State.Topics.TryGetValue(topicId, out var page) ? page : (int?)null);

    public async Task<int?> LeaveTopicAsync(string topicId, bool bulk = false)
    {
        if (bulk)
        {
            DeactivateOnIdle();
        }

        if (!user.State.Topics.TryGetValue(topicId, out var page))
        {
            // Left already: the page that held them last, so that a removal from it that failed is made again.
            return user.State.TopicPlaces.LastOrDefault(p => p.TopicId == topicId)?.Page;
        }

        // A user subscribed before places were kept has this page only in Topics: the sends over it stay findable.
        RememberPlace(topicId, page);
        user.State.Topics.Remove(topicId);
        await StoreAsync();
        return page;
    }

    private void RememberPlace(string topicId, int page)
    {
        var place = new TopicPlace(topicId, page);
        if (!user.State.TopicPlaces.Contains(place))
        {
            user.State.TopicPlaces.Add(place);
        }
    }

    public async Task<bool> OptOutAsync(PreferenceUpdate update, bool evenIfNew)
    {
        if (!user.RecordExists && !evenIfNew)
        {
            DeactivateOnIdle();
            return false;
        }

        // An opt-out is never refused for the limits: what a person turned off stays off.
        await ApplyPreferencesAsync(update);
        return true;
    }

    public Task<UserProfile> UpdatePreferencesAsync(PreferenceUpdate update)
    {
        EnsureCategoriesFit(update);
        return ApplyPreferencesAsync(update);
    }

    private async Task<UserProfile> ApplyPreferencesAsync(PreferenceUpdate update)
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

        foreach (var (category, channels) in update.CategoryChannels ?? new Dictionary<string, IReadOnlyDictionary<string, bool>>())
        {
            if (!state.CategoryChannels.TryGetValue(category, out var current))
            {
                state.CategoryChannels[category] = current = [];
            }

            foreach (var (channel, enabled) in channels)
            {
                current[channel] = enabled;
            }
        }

        if (update.OptedOut is { } optedOut)
        {
            state.OptedOut = optedOut;
        }

        if (update.ClearQuietHours)
        {
            state.QuietHours = null;
        }
        else if (update.QuietHours is not null)
        {
            state.QuietHours = update.QuietHours;
        }

        await SaveAsync();
        return Profile();
    }

    public async Task MarkUnreachableAsync(string channel, IReadOnlyCollection<string> addresses, string reason)
    {
        var state = user.State;
        var changed = false;
        if (channel == ChannelNames.Webhook)
        {
            // Only the endpoint that failed: the user may have set a new one since the send began.
            if (state.Webhook is { Disabled: false } endpoint && addresses.Contains(endpoint.Url))
            {
                state.Webhook = endpoint with { Disabled = true, DisabledBecause = reason };
                changed = true;
            }
        }
        else
        {
            var now = time.GetUtcNow();
            foreach (var address in addresses.Where(a => IsCurrentAddress(a) && !IsUnreachable(channel, a)))
            {
                state.Unreachable.Add(new UnreachableAddress(channel, address, reason, now));
                changed = true;
            }
        }

        if (changed)
        {
            await SaveAsync();
        }
    }

    public async Task ReportWebhookAsync(string url, bool delivered)
    {
        if (user.State.Webhook is not { Disabled: false } endpoint || endpoint.Url != url)
        {
            return;
        }

        var now = time.GetUtcNow();
        var disableAfter = delivery.Value.WebhookDisableAfter;
        if (delivered)
        {
            if (endpoint.FailingSince is null)
            {
                return;
            }

            user.State.Webhook = endpoint with { FailingSince = null };
        }
        else if (endpoint.FailingSince is not { } since)
        {
            user.State.Webhook = endpoint with { FailingSince = now };
        }
        else if (now - since >= disableAfter)
        {
            user.State.Webhook = endpoint with
            {
                Disabled = true,
                DisabledBecause = $"Every delivery failed from {since:O} to {now:O}; an endpoint failing for {disableAfter.TotalDays:0.#} days is disabled until it is set again.",
            };
        }
        else
        {
            return;
        }

        await SaveAsync();
    }

    public async Task<RoutingDecision> RouteAsync(RoutingRequest request)
    {
        if (request.Bulk)
        {
            DeactivateOnIdle();
        }

        // The card names the page of the directory as it was before the admission, which may have stored a new user,
        // and the admission's refusals name none.
        var decision = await DecideAsync(request);
        if (request.CardMissingOn is { } topicId && user.RecordExists && user.State.Topics.TryGetValue(topicId, out var topicPage))
        {
            // Not waited for (the notification holds a lane's slot): best effort, as this grain routes the user until the
            // page has the card.
            GrainFactory.Get<ITopicPageGrain>(TopicKey.Page(TopicKey.For(Tenant, topicId), topicPage)).UpdateCardAsync(UserId, SendableCard()).Ignore();
        }

        return user.RecordExists && user.State.DirectoryPage is { } page && decision.DirectoryPage != page ? decision with { DirectoryPage = page } : decision;
    }

    private async Task<RoutingDecision> DecideAsync(RoutingRequest request)
    {
        var now = time.GetUtcNow();
        var decision = UserRouting.Decide(Card(), request, now);
        if (decision.Channels.Count > 0 && !request.Admitted && await AdmitAsync(request, decision.Channels[0], now) is { } refusal)
        {
            return refusal;
        }

        // The decision is immutable, passed by reference to a caller on this silo: not the state's own dictionary.
        return decision.Attributes is null ? decision : decision with { Attributes = new Dictionary<string, System.Text.Json.JsonElement>(decision.Attributes) };
    }

    /// <summary>
    /// The user's routing card as of now. It shares the state's collections, for this grain's own routing only;
    /// <see cref="SendableCard"/> is the copy sent to the topics' pages.
    /// </summary>
    private RoutingCard Card()
    {
        var state = user.State;
        var live = LiveRecipient();
        return new RoutingCard(state.CardVersion, live.Email, state.Email is not null && live.Email is null, state.Phone, PhoneUnreachableOn(), live.Devices,
            state.Webhook, state.Language, state.TimeZone, state.QuietHours, state.OptedOut, state.Categories, state.DisabledChannels, state.CategoryChannels,
            state.Attributes, state.DirectoryPage);
    }

    /// <summary>The card as a page keeps it: copies of the state's collections, and null for each that is empty.</summary>
    private RoutingCard SendableCard()
    {
        var state = user.State;
        var card = Card();
        return card with
        {
            PhoneUnreachableOn = card.PhoneUnreachableOn is { Count: > 0 } ? card.PhoneUnreachableOn : null,
            Devices = card.Devices is { Count: > 0 } ? card.Devices : null,
            Categories = state.Categories.Count > 0 ? new Dictionary<string, bool>(state.Categories) : null,
            DisabledChannels = state.DisabledChannels.Count > 0 ? state.DisabledChannels.Order(StringComparer.Ordinal).ToArray() : null,
            CategoryChannels = state.CategoryChannels.Count > 0 ? state.CategoryChannels.ToDictionary(c => c.Key, c => new Dictionary<string, bool>(c.Value)) : null,
            Attributes = state.Attributes.Count > 0 ? new Dictionary<string, System.Text.Json.JsonElement>(state.Attributes) : null,
        };
    }

    private IReadOnlyList<string> PhoneUnreachableOn()
    {
        var state = user.State;
        return state.Phone is { } phone && state.Unreachable.Count > 0
            ? state.Unreachable.Where(u => u.Address == phone).Select(u => u.Channel).ToArray()
            : Array.Empty<string>();
    }

    private Recipient LiveRecipient()
    {
        var state = user.State;
        return new Recipient(
            state.Email is { } email && !IsUnreachable(ChannelNames.Email, email) ? email : null,
            state.Phone,
            state.Devices.Where(d => !IsUnreachable(DeviceKinds.ChannelOf(d.Kind), d.Token)).ToArray(),
            state.Webhook is { Disabled: false } webhook ? webhook : null);
    }

    private bool IsUnreachable(string channel, string address) =>
        user.State.Unreachable.Any(u => u.Channel == channel && u.Address == address);

    private bool IsCurrentAddress(string address)
    {
        var state = user.State;
        return address == state.Email || address == state.Phone || state.Devices.Any(d => d.Token == address);
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
        if (request.Priority != Priority.Critical && request.CategoryPolicy?.Critical != true)
        {
            foreach (var rule in RulesFor(request).Where(r => r.Limit > 0 && r.Per > TimeSpan.Zero && r.Applies(channel, request.Category)))
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

    /// <summary>The silo's rate limits, and the cap the tenant set for the notification's category.</summary>
    private IEnumerable<RateLimitRule> RulesFor(RoutingRequest request) => UserRouting.RulesFor(request, rateLimits.Value.Rules);

    private Task SaveIfAsync(bool changed) => changed ? StoreAsync() : Task.CompletedTask;

    private Task SaveAsync()
    {
        user.State.UpdatedAt = time.GetUtcNow();
        return StoreAsync();
    }

    /// <summary>
    /// Every write of the user goes through here: a user stored for the first time in this life takes a place in the
    /// tenant's directory first, so that an audience never misses a user who exists.
    /// </summary>
    /// <returns>The user's routing card as stored, when they are on a topic.</returns>
    private async Task<RoutingCard?> StoreAsync(bool sendCard = true)
    {
        if (user.State.DirectoryPage is null)
        {
            var page = (await GrainFactory.Get<IUserDirectoryGrain>(Tenant).PlaceAsync(1))[0];
            await DirectoryPage(page).AddAsync([UserId]);
            user.State.DirectoryPage = page;
        }

        var (card, changed) = CurrentCard();
        var send = changed && sendCard;
        try
        {
            if (send)
            {
                // Before the write: a crash between the write and the pages' hearing of it leaves the reminder to tell them.
                var retry = delivery.Value.ResumeCheckInterval;
                _cardsReminder = await this.RegisterOrUpdateReminder(CardsReminder, retry, retry);
            }

            await user.WriteStateAsync();
        }
        catch
        {
            // What is in memory (the change, and the card's fingerprint) is ahead of storage: the next activation reads what was stored.
            DeactivateOnIdle();
            throw;
        }

        if (send)
        {
            await SendCardAsync(card!, lastTry: false);
        }

        return card;
    }

    /// <summary>
    /// The card for the pages of the user's topics (none when on no topic), and whether it differs from the one they
    /// were sent: its version then moves on, for the write to store.
    /// </summary>
    private (RoutingCard? Card, bool Changed) CurrentCard()
    {
        var state = user.State;
        if (state.Topics.Count == 0)
        {
            return (null, false);
        }

        var card = SendableCard() with { Version = 0 };
        var fingerprint = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(card, System.Text.Json.JsonSerializerOptions.Web)));
        var changed = fingerprint != state.CardFingerprint;
        if (changed)
        {
            state.CardFingerprint = fingerprint;
            state.CardVersion = Math.Max(state.CardVersion + 1, time.GetUtcNow().UtcTicks);
        }

        return (card with { Version = state.CardVersion }, changed);
    }

    /// <summary>
    /// Sends the card to the page of each of the user's topics. The reminder sends it again if one failed, or if a page
    /// does not list the user yet (a subscription on its way there brings the card as it was when the user joined);
    /// on its <paramref name="lastTry"/>, a page that still does not list them has no subscription of theirs to route.
    /// </summary>
    private async Task SendCardAsync(RoutingCard card, bool lastTry)
    {
        var tenant = Tenant;
        var userId = UserId;
        try
        {
            var kept = await Task.WhenAll(user.State.Topics.Select(t =>
                GrainFactory.Get<ITopicPageGrain>(TopicKey.Page(TopicKey.For(tenant, t.Key), t.Value)).UpdateCardAsync(userId, card)));
            if (lastTry || kept.All(k => k))
            {
                await UnregisterCardsReminderAsync();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The change is stored; the reminder sends the card again.
            LogCardNotSent(logger, exception, Tenant);
        }
    }

    private async Task UnregisterCardsReminderAsync()
    {
        var reminder = _cardsReminder ?? await this.GetReminder(CardsReminder);
        _cardsReminder = null;
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "A user's routing card of tenant {Tenant} did not reach every page of their topics; their reminder sends it again")]
    private static partial void LogCardNotSent(ILogger logger, Exception exception, string tenant);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CardsReminder)
        {
            return;
        }

        if (user.RecordExists && user.State.Topics.Count > 0)
        {
            await SendCardAsync(SendableCard(), lastTry: true);
        }
        else
        {
            await UnregisterCardsReminderAsync();
        }
    }

    private string Tenant => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf('/')];

    private string UserId => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    private IUserDirectoryPageGrain DirectoryPage(int page) => GrainFactory.Get<IUserDirectoryPageGrain>(DirectoryKey.UserPage(Tenant, page));

    private void EnsureAttributesFit(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? update)
    {
        if (update is null)
        {
            return;
        }

        var merged = new Dictionary<string, int>(user.State.Attributes.Select(a => KeyValuePair.Create(a.Key, a.Value.GetRawText().Length)));
        foreach (var (name, value) in update)
        {
            if (value.ValueKind is System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = value.GetRawText().Length;
            }
        }

        // Only growth past a limit: a user stored before the limits may still shed what they hold.
        var (count, size) = (merged.Count, merged.Values.Sum());
        var (countBefore, sizeBefore) = (user.State.Attributes.Count, user.State.Attributes.Values.Sum(v => v.GetRawText().Length));
        if ((count > UserLimits.MaxAttributes && count > countBefore) || (size > UserLimits.MaxAttributeCharacters && size > sizeBefore))
        {
            throw new UserLimitException("attributes",
                $"With this update the user would hold {merged.Count} attributes of {merged.Values.Sum()} characters; at most {UserLimits.MaxAttributes} and {UserLimits.MaxAttributeCharacters} are kept. Remove some (set them to null) first.");
        }
    }

    private void EnsureCategoriesFit(PreferenceUpdate update)
    {
        var categories = user.State.Categories.Keys.Union(update.Categories?.Keys ?? []).Count();
        var categoryChannels = user.State.CategoryChannels.Keys.Union(update.CategoryChannels?.Keys ?? []).Count();
        if ((categories > UserLimits.MaxCategories && categories > user.State.Categories.Count)
            || (categoryChannels > UserLimits.MaxCategories && categoryChannels > user.State.CategoryChannels.Count))
        {
            throw new UserLimitException(categories > UserLimits.MaxCategories ? "categories" : "category_channels",
                $"A user keeps preferences for at most {UserLimits.MaxCategories} categories.");
        }
    }

    private UserProfile Profile()
    {
        var state = user.State;
        var key = this.GetPrimaryKeyString();
        return new UserProfile(
            key[(key.IndexOf('/') + 1)..],
            user.RecordExists,
            state.Language,
            state.Webhook,
            state.DisabledChannels.Order(StringComparer.Ordinal).ToArray(),
            new Dictionary<string, bool>(state.Categories),
            state.UpdatedAt,
            state.TimeZone,
            state.Email,
            state.Phone,
            state.Devices.ToArray(),
            state.Unreachable.ToArray(),
            new Dictionary<string, System.Text.Json.JsonElement>(state.Attributes),
            state.QuietHours,
            state.CategoryChannels.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, bool>)new Dictionary<string, bool>(c.Value)),
            state.Topics.Keys.Order(StringComparer.Ordinal).ToArray(),
            OptedOut: state.OptedOut);
    }
}
