using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>The API of the original design, kept exactly as written there, on top of the same grains as /v1.</summary>
internal static class LegacyEndpoints
{
    private const string NotificationSuffix = "_notifications";

    /// <summary>The original preferences' global switch: false opts the user out of all but critical notifications.</summary>
    private const string AllNotifications = "all_notifications";

    public static IEndpointRouteBuilder MapLegacyEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/notifications/send", SendAsync).WithTags("Original API").RequireScope(ApiScopes.Send)
            .Accepts<LegacySendRequest>("application/json").Produces<LegacySendResponse>().ProducesValidationProblem();
        api.MapPost("/users/{user_id}/preferences/update", UpdatePreferencesAsync).WithTags("Original API")
            .Accepts<LegacyPreferencesUpdate>("application/json").Produces<LegacySuccess>().ProducesValidationProblem();
        api.MapGet("/notifications/{notification_id}/status", StatusAsync).WithTags("Original API")
            .Produces<LegacyStatusResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/engagements/track", TrackAsync).WithTags("Original API").RequireScope(ApiScopes.Send)
            .Accepts<LegacyEngagementRequest>("application/json").Produces<LegacySuccess>().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> SendAsync(HttpContext context, NotificationSender sender)
    {
        var (body, problem) = await JsonBody.ReadAsync<LegacySendRequest>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        NotificationPriority? priority = body!.Priority?.ToLowerInvariant() switch
        {
            null => null,
            "critical" => NotificationPriority.Critical,
            "high" => NotificationPriority.High,
            "normal" or "medium" => NotificationPriority.Normal,
            "low" => NotificationPriority.Low,
            _ => null,
        };
        if (body.Priority is not null && priority is null)
        {
            errors["priority"] = ["One of: critical, high, normal (or medium), low."];
        }

        // The device stays in the data too, where receivers of earlier builds found it (and so a keyed send's hash).
        var send = new SendNotification(body.UserId!, body.Message!, Priority: priority, Language: body.Language,
            Data: body.DeviceId is null ? null : new Dictionary<string, string> { ["device_id"] = body.DeviceId }, DeviceId: body.DeviceId);
        SendValidation.Validate(send, "", NotificationEndpoints.Now(context), NotificationEndpoints.Channels(context), errors);
        var key = context.Request.Headers[NotificationEndpoints.IdempotencyKeyHeader].ToString() is { Length: > 0 } header ? header : null;
        SendValidation.IdempotencyKey(key, NotificationEndpoints.IdempotencyKeyHeader, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (await sender.AdmitAsync(TenantFilter.TenantOf(context), send.Priority, context.RequestAborted) is { } retryAfter)
        {
            return Problems.Overloaded(FrontDoorCall.Of(context), send.Priority, retryAfter);
        }

        var result = await sender.SendAsync(TenantFilter.TenantOf(context), send, key, cancellationToken: context.RequestAborted);
        if (result.Outcome == AcceptOutcome.Conflict)
        {
            return NotificationEndpoints.AcceptedResult(FrontDoorCall.Of(context), result);
        }

        return Results.Ok(new LegacySendResponse("success", result.Notification.Id, "Notification sent successfully."));
    }

    private static async Task<IResult> UpdatePreferencesAsync(string user_id, HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(user_id, "user_id", errors);
        if (body!["preferences"] is not JsonObject preferences)
        {
            return Problems.Invalid("preferences", "An object of preferences is required, e.g. {\"preferences\": {\"language\": \"es\"}}.");
        }

        string? language = null;
        bool? optedOut = null;
        var channels = new Dictionary<string, bool>();
        var categories = new Dictionary<string, bool>();
        foreach (var (name, value) in preferences)
        {
            var field = $"preferences.{name}";
            var kind = value?.GetValueKind() ?? JsonValueKind.Null;
            if (name == "language")
            {
                language = kind == JsonValueKind.String ? value!.GetValue<string>() : null;
                if (language is null)
                {
                    errors[field] = ["A language tag string such as 'es'."];
                }
                else
                {
                    SendValidation.Language(language, field, errors);
                }

                continue;
            }

            if (kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors[field] = ["true or false."];
                continue;
            }

            if (name == AllNotifications)
            {
                // Everything off but what is critical; on again, as the other preferences say.
                optedOut = kind == JsonValueKind.False;
                continue;
            }

            // "<channel>_notifications" switches a channel; "<category>_notifications" or "<category>" a category.
            var target = name.EndsWith(NotificationSuffix, StringComparison.Ordinal) ? name[..^NotificationSuffix.Length] : name;
            if (target.Length == 0)
            {
                errors[field] = ["Name a channel or category."];
            }
            else if (ChannelNames.IsKnown(target))
            {
                channels[target] = kind == JsonValueKind.True;
            }
            else
            {
                categories[target] = kind == JsonValueKind.True;
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        await grains.GetGrain<IUserGrain>(UserKey.For(TenantFilter.TenantOf(context), user_id)).UpdatePreferencesAsync(new PreferenceUpdate(language, channels, categories, OptedOut: optedOut));
        return Results.Ok(new LegacySuccess("success", "Preferences updated successfully."));
    }

    private static async Task<IResult> StatusAsync(string notification_id, HttpContext context, IGrainFactory grains)
    {
        if (!NotificationEndpoints.IsNotificationId(notification_id)
            || await grains.GetGrain<INotificationGrain>(notification_id).GetAsync(TenantFilter.TenantOf(context)) is not { } snapshot)
        {
            return Problems.NotFound($"Notification '{notification_id}'");
        }

        return Results.Ok(new LegacyStatusResponse(snapshot.Id, ContractMapping.ToContract(snapshot.Status), snapshot.DeliveredAt));
    }

    private static async Task<IResult> TrackAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<LegacyEngagementRequest>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(body!.UserId, "user_id", errors);
        if (string.IsNullOrEmpty(body.NotificationId))
        {
            errors["notification_id"] = ["A notification id is required."];
        }

        EngagementAction? action = body.Action?.ToLowerInvariant() switch
        {
            "deliver" or "delivered" => EngagementAction.Delivered,
            "open" or "opened" => EngagementAction.Opened,
            "click" or "clicked" => EngagementAction.Clicked,
            "dismiss" or "dismissed" => EngagementAction.Dismissed,
            "unsubscribe" or "unsubscribed" => EngagementAction.Unsubscribed,
            "ignore" or "ignored" => EngagementAction.Ignored,
            _ => null,
        };
        if (action is null)
        {
            errors["action"] = ["One of: delivered, opened, clicked, dismissed, ignored, unsubscribed."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var recorded = NotificationEndpoints.IsNotificationId(body.NotificationId!)
            && await grains.GetGrain<INotificationGrain>(body.NotificationId!).TrackEngagementAsync(TenantFilter.TenantOf(context), body.UserId!, action!.Value);
        return recorded
            ? Results.Ok(new LegacySuccess("success", "Engagement recorded successfully."))
            : Problems.NotFound($"Notification '{body.NotificationId}' of user '{body.UserId}'");
    }
}
