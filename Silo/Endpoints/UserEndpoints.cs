using Microsoft.Extensions.Options;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/users").WithTags("Users");
        group.MapPut("/{userId}", UpdateOverHttpAsync)
            .WithSummary("Create a user or change the fields given")
            .Accepts<UpdateUser>("application/json")
            .Produces<UserInfo>()
            .ProducesValidationProblem();
        group.MapGet("/{userId}", GetOverHttpAsync)
            .WithSummary("Read a user with their endpoints and preferences")
            .Produces<UserInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{userId}/preferences", UpdatePreferencesAsync)
            .WithSummary("Change the channels and categories named")
            .Accepts<UpdatePreferences>("application/json")
            .Produces<UserInfo>()
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> UpdateOverHttpAsync(string userId, HttpContext context, IGrainFactory grains)
    {
        var (update, problem) = await JsonBody.ReadAsync<UpdateUser>(context);
        return problem ?? await UpdateAsync(FrontDoorCall.Of(context), userId, update!, grains);
    }

    internal static async Task<IResult> UpdateAsync(FrontDoorCall call, string userId, UpdateUser update, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        ValidateUpdate(update, "", call.Services.GetRequiredService<IOptionsMonitor<OutboundOptions>>().CurrentValue, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var profile = await User(grains, call, userId).UpdateAsync(ToGrain(update));
        return Results.Ok(ContractMapping.ToContract(profile));
    }

    /// <summary>The rules a user's fields meet, for a PUT and for each line of an import.</summary>
    internal static void ValidateUpdate(UpdateUser update, string prefix, OutboundOptions outbound, IDictionary<string, string[]> errors)
    {
        SendValidation.Language(update.Language, $"{prefix}language", errors);
        if (update.Webhook is { } webhook)
        {
            if (webhook.Url != "" && !Uri.TryCreate(webhook.Url, UriKind.Absolute, out _))
            {
                errors[$"{prefix}webhook.url"] = ["An absolute https URL, or \"\" to remove the endpoint."];
            }
            else if (webhook.Url != "" && OutboundAddresses.RefusalOf(new Uri(webhook.Url), outbound) is { } refusal)
            {
                errors[$"{prefix}webhook.url"] = [refusal];
            }

            if (webhook.Secret is not null && !WebhookSecret.TryParse(webhook.Secret, out _))
            {
                errors[$"{prefix}webhook.secret"] = ["A Standard Webhooks secret: 'whsec_' and the base64 of 24 to 64 random bytes."];
            }
        }

        SendValidation.Email(update.Email, $"{prefix}email", errors);
        SendValidation.Phone(update.Phone, $"{prefix}phone", errors);
        SendValidation.Devices(update.Devices, $"{prefix}devices", outbound, errors);
        if (update.Attributes is { } attributes && (attributes.Count > 100 || attributes.Keys.Any(k => !SendValidation.IsVariableName(k))
                                                    || attributes.Sum(a => a.Value.GetRawText().Length) > 16_384))
        {
            errors[$"{prefix}attributes"] = ["At most 100 attributes and 16,384 characters of JSON; names of letters, digits and '_', starting with a letter."];
        }

        if (update.TimeZone is { Length: > 0 } zone && !ZonedTime.IsKnownZone(zone))
        {
            errors[$"{prefix}time_zone"] = ["An IANA time zone such as 'Europe/Berlin' or 'America/New_York', or \"\" to remove it."];
        }
    }

    internal static UserUpdate ToGrain(UpdateUser update) => new(
        update.Language,
        update.Webhook?.Url,
        update.Webhook?.Secret,
        update.TimeZone,
        update.Email,
        update.Phone,
        update.Devices?.Select(d => new Device(d.Kind, d.Token, d.P256dh, d.Auth, d.Id)).ToArray(),
        update.Attributes);

    private static Task<IResult> GetOverHttpAsync(string userId, HttpContext context, IGrainFactory grains) => GetAsync(FrontDoorCall.Of(context), userId, grains);

    internal static async Task<IResult> GetAsync(FrontDoorCall call, string userId, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        if (errors.Count > 0 || await User(grains, call, userId).GetAsync() is not { Exists: true } profile)
        {
            return Problems.NotFound($"User '{userId}'");
        }

        return Results.Ok(ContractMapping.ToContract(profile));
    }

    private static async Task<IResult> UpdatePreferencesAsync(string userId, HttpContext context, IGrainFactory grains)
    {
        var (update, problem) = await JsonBody.ReadAsync<UpdatePreferences>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        SendValidation.Language(update!.Language, "language", errors);
        foreach (var channel in update.Channels?.Keys ?? [])
        {
            if (!ChannelNames.IsKnown(channel))
            {
                errors[$"channels.{channel}"] = [$"Unknown channel; one of: {string.Join(", ", ChannelNames.All)}."];
            }
        }

        foreach (var (category, channels) in update.CategoryChannels ?? new Dictionary<string, IReadOnlyDictionary<string, bool>>())
        {
            foreach (var channel in channels.Keys.Where(c => !ChannelNames.IsKnown(c)))
            {
                errors[$"category_channels.{category}.{channel}"] = [$"Unknown channel; one of: {string.Join(", ", ChannelNames.All)}."];
            }
        }

        QuietHours? quietHours = null;
        if (update.QuietHours is { } quiet && !(quiet is { Start: "", End: "" }))
        {
            if (TimeOnly.TryParseExact(quiet.Start, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start)
                && TimeOnly.TryParseExact(quiet.End, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var end)
                && start != end)
            {
                quietHours = new QuietHours(start, end);
            }
            else
            {
                errors["quiet_hours"] = ["Two different times of day as \"HH:mm\", such as {\"start\": \"22:00\", \"end\": \"07:00\"}; both \"\" to remove them."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var profile = await User(grains, FrontDoorCall.Of(context), userId).UpdatePreferencesAsync(new PreferenceUpdate(
            update.Language, update.Channels, update.Categories, quietHours, ClearQuietHours: update.QuietHours is { Start: "", End: "" }, update.CategoryChannels,
            update.OptedOut));
        return Results.Ok(ContractMapping.ToContract(profile));
    }

    private static IUserGrain User(IGrainFactory grains, FrontDoorCall call, string userId) =>
        grains.GetGrain<IUserGrain>(UserKey.For(call.Tenant, userId));
}
