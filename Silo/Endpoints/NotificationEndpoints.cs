using System.Text.RegularExpressions;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

internal static partial class NotificationEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/notifications").WithTags("Notifications");
        group.MapPost("/", SendOverHttpAsync).RequireScope(ApiScopes.Send)
            .WithSummary("Send a notification to one user")
            .WithDescription("Answers 202 once the notification is stored durably. With an Idempotency-Key header, a repeat returns the first notification and sends nothing; the same key with a different body is 422.")
            .Accepts<SendNotification>("application/json")
            .Produces<NotificationInfo>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/batch", SendBatchOverHttpAsync).RequireScope(ApiScopes.Send)
            .WithSummary("Send many notifications in one request")
            .Accepts<SendBatch>("application/json")
            .Produces<BatchResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
        group.MapGet("/{id}", GetOverHttpAsync)
            .WithSummary("Read a notification with its transition history")
            .Produces<NotificationInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/cancel", CancelOverHttpAsync).RequireScope(ApiScopes.Send)
            .WithSummary("Cancel a notification that has not been handed to a provider yet")
            .Produces<NotificationInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/engagements", TrackAsync).RequireScope(ApiScopes.Send)
            .WithSummary("Record that the user opened, clicked or dismissed a notification")
            .Accepts<TrackEngagement>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static bool IsNotificationId(string id) => NotificationIdPattern().IsMatch(id);

    private static async Task<IResult> SendOverHttpAsync(HttpContext context, NotificationSender sender, TemplateCheck templates)
    {
        var (send, problem) = await JsonBody.ReadAsync<SendNotification>(context);
        return problem ?? await SendAsync(FrontDoorCall.Of(context), send!, sender, templates);
    }

    internal static async Task<IResult> SendAsync(FrontDoorCall call, SendNotification send, NotificationSender sender, TemplateCheck templates)
    {
        var key = call.IdempotencyKey;
        var errors = new Dictionary<string, string[]>();
        SendValidation.Validate(send, "", call.Now, call.Channels, errors);
        SendValidation.IdempotencyKey(key, IdempotencyKeyHeader, errors);
        var templateVersion = errors.Count == 0 ? await templates.CheckAsync(call.Tenant, send, "", call.Channels, errors) : null;
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (await sender.AdmitAsync(call.Tenant, send.Priority, call.Aborted) is { } retryAfter)
        {
            return Problems.Overloaded(call, send.Priority, retryAfter);
        }

        var result = await sender.SendAsync(call.Tenant, send, key ?? send.IdempotencyKey, templateVersion, call.Aborted);
        return AcceptedResult(call, result);
    }

    internal static IResult AcceptedResult(FrontDoorCall call, AcceptResult result) =>
        ConflictOrReplay(call, result.Outcome, $"Notification {result.Notification.Id}", "notification")
        ?? Results.Accepted($"/v1/notifications/{result.Notification.Id}", ContractMapping.ToContract(result.Notification));

    /// <summary>
    /// What an idempotency key's repeat gets: a 422 when the first request under the key had another body; when it
    /// had the same, the first answer again, marked Idempotent-Replayed (null: answer as for a new request).
    /// </summary>
    internal static IResult? ConflictOrReplay(FrontDoorCall call, AcceptOutcome outcome, string accepted, string what)
    {
        switch (outcome)
        {
            case AcceptOutcome.Conflict:
                return Results.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "This Idempotency-Key was already used for a different request.",
                    detail: $"{accepted} was accepted under this key with another body. Use a new key for a new {what}.");
            case AcceptOutcome.Duplicate:
                call.SetHeader("Idempotent-Replayed", "true");
                break;
        }

        return null;
    }

    private static async Task<IResult> SendBatchOverHttpAsync(HttpContext context, NotificationSender sender, TemplateCheck templates, Microsoft.Extensions.Options.IOptions<LimitsOptions> limits)
    {
        var (batch, problem) = await JsonBody.ReadAsync<SendBatch>(context);
        return problem ?? await SendBatchAsync(FrontDoorCall.Of(context), batch!, sender, templates, limits.Value);
    }

    internal static async Task<IResult> SendBatchAsync(FrontDoorCall call, SendBatch batch, NotificationSender sender, TemplateCheck templates, LimitsOptions limits)
    {
        var key = call.IdempotencyKey;
        var errors = new Dictionary<string, string[]>();
        SendValidation.IdempotencyKey(key, IdempotencyKeyHeader, errors);
        if (batch.Notifications is not { Count: > 0 } items)
        {
            errors["notifications"] = ["At least one notification is required."];
        }
        else if (items.Count > limits.MaxBatchSize)
        {
            errors["notifications"] = [$"At most {limits.MaxBatchSize} notifications in one batch."];
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is null)
                {
                    errors[$"notifications[{i}]"] = ["A notification object is required."];
                    continue;
                }

                SendValidation.Validate(items[i], $"notifications[{i}].", call.Now, call.Channels, errors);
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var templateVersions = new int?[batch.Notifications!.Count];
        for (var i = 0; i < templateVersions.Length; i++)
        {
            templateVersions[i] = await templates.CheckAsync(call.Tenant, batch.Notifications[i], $"notifications[{i}].", call.Channels, errors);
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // Each item's priority decides whether it is refused for now; when every item is, the whole batch is a 429.
        var admissions = batch.Notifications.Select(send => sender.AdmitAsync(call.Tenant, send.Priority, call.Aborted)).ToArray();
        var refusedFor = new TimeSpan?[admissions.Length];
        for (var i = 0; i < admissions.Length; i++)
        {
            // All asked at once, so a batch's critical items queue together and the queue's bound holds for the batch.
            refusedFor[i] = await admissions[i];
        }

        if (refusedFor.All(wait => wait is not null))
        {
            return Problems.Overloaded(call, batch.Notifications[0].Priority, refusedFor[0]!.Value);
        }

        var taken = Enumerable.Range(0, refusedFor.Length).Where(index => refusedFor[index] is null).ToArray();
        // An item's own key wins; otherwise the batch's key and the item's position make one.
        var accepted = await sender.SendBatchAsync(call.Tenant, [.. taken.Select(index =>
            new BatchSend(batch.Notifications[index], batch.Notifications[index].IdempotencyKey ?? (key is null ? null : $"{key}#{index}"), templateVersions[index]))],
            call.Aborted);
        var results = new BatchItemResult[refusedFor.Length];
        foreach (var (index, result) in taken.Zip(accepted))
        {
            results[index] = result.Outcome == AcceptOutcome.Conflict
                ? new BatchItemResult(index, result.Notification.Id, null, Error: "This idempotency key was already used for a different request.")
                : new BatchItemResult(index, result.Notification.Id, ContractMapping.ToContract(result.Notification.Status), result.Outcome == AcceptOutcome.Duplicate);
        }

        foreach (var index in Enumerable.Range(0, refusedFor.Length).Except(taken))
        {
            results[index] = new BatchItemResult(index, null, null, Error: batch.Notifications[index].Priority == NotificationPriority.Critical
                ? $"This tenant's allowance of critical notifications is used up for now; retry after {Math.Ceiling(refusedFor[index]!.Value.TotalSeconds)} s."
                : $"The service is busy; retry after {Math.Ceiling(refusedFor[index]!.Value.TotalSeconds)} s.");
        }

        return Results.Json(new BatchResult(results), statusCode: StatusCodes.Status202Accepted);
    }

    private static Task<IResult> GetOverHttpAsync(string id, HttpContext context, IGrainFactory grains) => GetAsync(FrontDoorCall.Of(context), id, grains);

    internal static async Task<IResult> GetAsync(FrontDoorCall call, string id, IGrainFactory grains)
    {
        if (!IsNotificationId(id) || await grains.GetGrain<INotificationGrain>(id).GetAsync(call.Tenant) is not { } snapshot)
        {
            return Problems.NotFound($"Notification '{id}'");
        }

        return Results.Ok(ContractMapping.ToContract(snapshot));
    }

    private static Task<IResult> CancelOverHttpAsync(string id, HttpContext context, IGrainFactory grains) => CancelAsync(FrontDoorCall.Of(context), id, grains);

    internal static async Task<IResult> CancelAsync(FrontDoorCall call, string id, IGrainFactory grains)
    {
        if (!IsNotificationId(id))
        {
            return Problems.NotFound($"Notification '{id}'");
        }

        var (outcome, snapshot) = await grains.GetGrain<INotificationGrain>(id).CancelAsync(call.Tenant);
        return outcome switch
        {
            CancelOutcome.Cancelled => Results.Ok(ContractMapping.ToContract(snapshot!)),
            CancelOutcome.TooLate => Problems.WrongStatus("The notification can no longer be cancelled.", snapshot!.Status),
            _ => Problems.NotFound($"Notification '{id}'"),
        };
    }

    private static async Task<IResult> TrackAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (engagement, problem) = await JsonBody.ReadAsync<TrackEngagement>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(engagement!.UserId, "user_id", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var recorded = IsNotificationId(id)
            && await grains.GetGrain<INotificationGrain>(id).TrackEngagementAsync(TenantFilter.TenantOf(context), engagement.UserId, ContractMapping.ToGrain(engagement.Action));
        return recorded ? Results.NoContent() : Problems.NotFound($"Notification '{id}' of user '{engagement.UserId}'");
    }

    internal static DateTimeOffset Now(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    internal static IReadOnlyList<string> Channels(HttpContext context) => context.RequestServices.GetRequiredService<ChannelCatalog>().Available;

    internal static string? HeaderKey(HttpContext context) =>
        context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) ? values.ToString() : null;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NotificationIdPattern();
}
