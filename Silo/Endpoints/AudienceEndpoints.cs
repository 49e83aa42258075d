using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>Sends to the users whose attributes match a filter, and dry runs that count them first.</summary>
internal static class AudienceEndpoints
{
    private const int SampleSize = 10;

    public static RouteGroupBuilder MapAudienceEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/audiences").WithTags("Audiences");
        group.MapPost("/dry-run", DryRunAsync).RequireScope(ApiScopes.Read)
            .WithSummary("Count the users a filter matches now, sending nothing")
            .Accepts<AudienceDryRun>("application/json")
            .Produces<AudienceCount>()
            .ProducesValidationProblem();
        group.MapPost("/sends", SendAsync).RequireScope(ApiScopes.Send)
            .WithSummary("Send to every user a filter matches")
            .WithDescription("Answers 202 once the send is durable; the tenant's users are then read a page at a time, and a crash resumes after the last page done. With an Idempotency-Key header a repeat answers the first send.")
            .Accepts<SendToAudience>("application/json")
            .Produces<AudienceSendInfo>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/sends/{sendId}", GetSendAsync).WithSummary("How far a send to an audience has gone").Produces<AudienceSendInfo>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/sends/{sendId}/recipients/{userId}", GetRecipientAsync)
            .WithSummary("One matched user's notification from a send")
            .Produces<NotificationInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> DryRunAsync(HttpContext context, IGrainFactory grains)
    {
        var (dryRun, problem) = await JsonBody.ReadAsync<AudienceDryRun>(context);
        if (problem is not null)
        {
            return problem;
        }

        if (!AttributeFilter.TryParse(dryRun!.Filter, out var filter, out var error))
        {
            return Problems.Invalid("filter", error!);
        }

        // Page by page, each a grain call well within its timeout, however many users the tenant has.
        var tenant = TenantFilter.TenantOf(context);
        var scanner = grains.GetGrain<IAudienceScanGrain>(tenant);
        long matched = 0, scanned = 0;
        var sample = new List<string>(SampleSize);
        int? next = 0;
        do
        {
            context.RequestAborted.ThrowIfCancellationRequested();
            var page = await scanner.ScanAsync(tenant, filter!.Text, next.Value);
            matched += page.Matched.Count;
            scanned += page.Scanned;
            sample.AddRange(page.Matched.Take(SampleSize - sample.Count));
            next = page.NextPage;
        }
        while (next is not null);

        return Results.Ok(new AudienceCount(matched, scanned, sample));
    }

    private static async Task<IResult> SendAsync(HttpContext context, NotificationSender sender, TemplateCheck templates)
    {
        var (toAudience, problem) = await JsonBody.ReadAsync<SendToAudience>(context);
        if (problem is not null)
        {
            return problem;
        }

        var tenant = TenantFilter.TenantOf(context);
        var key = NotificationEndpoints.HeaderKey(context);
        var errors = new Dictionary<string, string[]>();
        if (!AttributeFilter.TryParse(toAudience!.Filter, out var filter, out var error))
        {
            errors["filter"] = [error!];
        }

        SendNotification? send = null;
        if (toAudience.Notification is null)
        {
            errors["notification"] = ["The notification to send is required."];
        }
        else
        {
            // Validated as a send to one user, whose id each recipient fills in.
            send = ContractMapping.ToSend(toAudience.Notification, "recipient");
            SendValidation.Validate(send, "notification.", NotificationEndpoints.Now(context), NotificationEndpoints.Channels(context), errors);
        }

        SendValidation.IdempotencyKey(key, NotificationEndpoints.IdempotencyKeyHeader, errors);
        var templateVersion = errors.Count == 0 ? await templates.CheckAsync(tenant, send!, "notification.", NotificationEndpoints.Channels(context), errors, audience: true) : null;
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var result = await sender.SendToAudienceAsync(tenant, filter!.Text, send! with { UserId = "" }, key, templateVersion);
        return NotificationEndpoints.ConflictOrReplay(FrontDoorCall.Of(context), result.Outcome, $"Send {result.Send.SendId}", "send")
            ?? Results.Accepted($"/v1/audiences/sends/{result.Send.SendId}", ToContract(result.Send));
    }

    private static async Task<IResult> GetSendAsync(string sendId, HttpContext context, IGrainFactory grains) =>
        NotificationEndpoints.IsNotificationId(sendId) && await grains.GetGrain<IAudienceSendGrain>(sendId).GetAsync(TenantFilter.TenantOf(context)) is { } send
            ? Results.Ok(ToContract(send))
            : Problems.NotFound($"Send '{sendId}' to an audience");

    private static async Task<IResult> GetRecipientAsync(string sendId, string userId, HttpContext context, IGrainFactory grains)
    {
        var tenant = TenantFilter.TenantOf(context);
        if (!NotificationEndpoints.IsNotificationId(sendId) || await grains.GetGrain<IAudienceSendGrain>(sendId).GetAsync(tenant) is null)
        {
            return Problems.NotFound($"Send '{sendId}' to an audience");
        }

        return await grains.GetGrain<IAudienceSendGrain>(sendId).NotificationIdForAsync(tenant, userId) is { } id
            && await grains.GetGrain<INotificationGrain>(id).GetAsync(tenant) is { } notification
            ? Results.Ok(ContractMapping.ToContract(notification))
            : Problems.NotFound($"A notification of send '{sendId}' for user '{userId}'");
    }

    private static AudienceSendInfo ToContract(AudienceSendSnapshot send) => new(
        send.SendId,
        send.Filter,
        send.Status == FanOutStatus.Completed ? FanOutState.Completed : FanOutState.FanningOut,
        send.Scanned,
        send.Notifications,
        send.Skipped,
        ContractMapping.ToFanOutContract(send.Request),
        send.AcceptedAt,
        send.CompletedAt);
}
