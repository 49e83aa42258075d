namespace Notifications.Grains;

/// <summary>
/// Where a notification to a user goes by their preferences, addresses, time zone and quiet hours, read from their
/// <see cref="RoutingCard"/>: the user grain routes by its own card, a topic's page by the card it keeps. The dedupe
/// window and the rate limits are the user grain's alone (see <see cref="NeedsAdmission"/>).
/// </summary>
public static class UserRouting
{
    /// <summary>The decision, naming the user's page of the directory whatever it is.</summary>
    public static RoutingDecision Decide(RoutingCard card, RoutingRequest request, DateTimeOffset now) =>
        DecideAnywhere(card, request, now) is var decision && decision.DirectoryPage != card.DirectoryPage
            ? decision with { DirectoryPage = card.DirectoryPage }
            : decision;

    private static RoutingDecision DecideAnywhere(RoutingCard card, RoutingRequest request, DateTimeOffset now)
    {
        // The tenant made this category critical (security alerts, say): the user's preferences do not apply.
        var criticalCategory = request.CategoryPolicy?.Critical == true;
        if (!criticalCategory && request.Category is not null && card.Categories?.TryGetValue(request.Category, out var optedIn) == true && !optedIn)
        {
            return RoutingDecision.Suppressed($"The user opted out of the '{request.Category}' category.");
        }

        if (card.OptedOut && !criticalCategory && request.Priority != Priority.Critical)
        {
            return RoutingDecision.Suppressed("The user opted out of everything but critical notifications.");
        }

        var recipient = card.Live();
        // A user with a webhook gets notifications there, even while it is disabled: they wait in the history as
        // suppressed with the reason, rather than go to the silo's log as if delivered.
        var candidates = request.Channels
            ?? (card.Webhook is not null ? [ChannelNames.Webhook] : [ChannelNames.Log]);
        if (request.DeviceId is { } deviceId && recipient.Devices.FirstOrDefault(d => d.IsNamed(deviceId)) is { } device
            && (request.Channels is null || request.Channels.Contains(DeviceKinds.ChannelOf(device.Kind))))
        {
            // Aimed at one live device, on a channel the send allows: its channel, and that device alone of the user's;
            // the preferences still apply.
            // A device the user no longer has, or that was refused for good, leaves the choice to the user's endpoints.
            candidates = [DeviceKinds.ChannelOf(device.Kind)];
            recipient = recipient with { Devices = [device] };
        }

        var unusable = new List<string>();
        var channels = new List<string>();
        foreach (var channel in candidates.Distinct())
        {
            if (request.Exhausted?.Contains(channel) == true)
            {
                continue;
            }

            if (!criticalCategory && card.DisabledChannels?.Contains(channel) == true)
            {
                unusable.Add($"the user turned off the '{channel}' channel");
            }
            else if (!criticalCategory && request.Category is { } category && card.CategoryChannels?.TryGetValue(category, out var byChannel) == true
                     && byChannel.TryGetValue(channel, out var enabled) && !enabled)
            {
                unusable.Add($"the user turned off '{category}' on the '{channel}' channel");
            }
            else if (NoAddressOn(channel, recipient, card) is { } missing)
            {
                unusable.Add(missing);
            }
            else
            {
                channels.Add(channel);
            }
        }

        if (channels.Count == 0)
        {
            return RoutingDecision.Suppressed(unusable.Count > 0
                ? $"Nowhere to send: {string.Join("; ", unusable)}."
                : "Every channel asked for has failed for good.");
        }

        if (request.SendAtLocal is { } local && ZonedTime.ToInstant(local, card.TimeZone) is var sendAt && sendAt > now)
        {
            return RoutingDecision.Deferred(sendAt, $"To be sent at {local:yyyy-MM-dd'T'HH:mm:ss} in {card.TimeZone ?? "UTC"} ({sendAt:O}).");
        }

        if (request.Priority != Priority.Critical && !criticalCategory && card.QuietHours is { } quiet
            && quiet.EndOfWindowAt(ZonedTime.ToLocal(now, card.TimeZone)) is { } localEnd)
        {
            var end = ZonedTime.ToInstant(localEnd, card.TimeZone);
            return RoutingDecision.Deferred(end, $"The user's quiet hours ({quiet.Start:HH:mm} to {quiet.End:HH:mm} in {card.TimeZone ?? "UTC"}) end at {end:O}.");
        }

        return new RoutingDecision(channels, card.Language, recipient, Attributes: card.Attributes?.Count > 0 ? card.Attributes : null, DirectoryPage: card.DirectoryPage);
    }

    /// <summary>
    /// Whether a notification routed to <paramref name="channel"/> has to pass the user's dedupe window or rate limits
    /// (<paramref name="rules"/>: the silo's and the category's cap), which only the user grain can apply.
    /// </summary>
    public static bool NeedsAdmission(RoutingRequest request, string channel, IEnumerable<RateLimitRule> rules) =>
        request.DedupeKey is not null
        || (request.Priority != Priority.Critical && request.CategoryPolicy?.Critical != true
            && rules.Any(rule => rule.Limit > 0 && rule.Per > TimeSpan.Zero && rule.Applies(channel, request.Category)));

    /// <summary>The silo's rate limits, and the cap the tenant set for the notification's category.</summary>
    public static IEnumerable<RateLimitRule> RulesFor(RoutingRequest request, IReadOnlyList<RateLimitRule> siloRules) =>
        request.CategoryPolicy is { CapLimit: { } limit, CapPer: { } per } policy && request.Category is { } category
            ? siloRules.Append(new RateLimitRule { Id = $"category-cap/{category}", Category = category, Limit = limit, Per = per, Action = policy.CapAction })
            : siloRules;

    /// <summary>Why <paramref name="channel"/> cannot reach the user, or null when it can.</summary>
    private static string? NoAddressOn(string channel, Recipient recipient, RoutingCard card) => channel switch
    {
        ChannelNames.Email when recipient.Email is null => card.EmailUnreachable ? "the user's email address is unreachable" : "the user has no email address",
        ChannelNames.Sms or ChannelNames.Voice when recipient.Phone is null => "the user has no phone number",
        ChannelNames.Sms or ChannelNames.Voice when card.PhoneUnreachableOn?.Contains(channel) == true => $"the user's phone number is unreachable by {channel}",
        ChannelNames.Push or ChannelNames.WebPush when !recipient.DevicesFor(channel).Any() => $"the user has no live {(channel == ChannelNames.Push ? "mobile device" : "web push subscription")}",
        ChannelNames.Webhook when card.Webhook is { Disabled: true } disabled => $"the user's webhook endpoint is disabled ({disabled.DisabledBecause})",
        ChannelNames.Webhook when recipient.Webhook is null => "the user has no webhook endpoint",
        _ => null,
    };
}
