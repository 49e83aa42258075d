using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

internal static class ScheduleEndpoints
{
    public static RouteGroupBuilder MapScheduleEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/schedules").WithTags("Recurring schedules");
        group.MapPost("/", CreateAsync)
            .WithSummary("Send a notification at every occurrence of a cron expression, in a time zone")
            .Accepts<CreateSchedule>("application/json")
            .Produces<ScheduleInfo>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapGet("/", ListAsync).WithSummary("List the recurring schedules").Produces<ScheduleList>();
        group.MapGet("/{id}", GetAsync).WithSummary("Read a recurring schedule").Produces<ScheduleInfo>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/pause", (string id, HttpContext context, IGrainFactory grains) => SetPausedAsync(id, true, context, grains))
            .WithSummary("Pause a schedule: no occurrence is sent until it is resumed")
            .Produces<ScheduleInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/resume", (string id, HttpContext context, IGrainFactory grains) => SetPausedAsync(id, false, context, grains))
            .WithSummary("Resume a paused schedule from its next occurrence")
            .Produces<ScheduleInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a schedule").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains, TemplateCheck templates)
    {
        var (create, problem) = await JsonBody.ReadAsync<CreateSchedule>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(create!.Cron) || !CronRecurrence.IsValid(create.Cron))
        {
            errors["cron"] = ["Five fields: minute, hour, day of month, month, day of week, such as \"0 9 * * 1-5\"."];
        }

        if (create.TimeZone is not null && !ZonedTime.IsKnownZone(create.TimeZone))
        {
            errors["time_zone"] = ["An IANA time zone such as 'Europe/Berlin'."];
        }

        if (create.Notification is not { } notification)
        {
            errors["notification"] = ["The notification to send is required."];
        }
        else
        {
            SendValidation.Validate(notification, "notification.", NotificationEndpoints.Now(context), NotificationEndpoints.Channels(context), errors);
            foreach (var (field, given) in new[]
                     {
                         ("send_at", notification.SendAt is not null), ("send_at_local", notification.SendAtLocal is not null),
                         ("expires_at", notification.ExpiresAt is not null), ("idempotency_key", notification.IdempotencyKey is not null),
                     })
            {
                if (given)
                {
                    errors[$"notification.{field}"] = ["Not allowed in a schedule: each occurrence is sent at its time."];
                }
            }
        }

        var tenant = TenantFilter.TenantOf(context);
        if (errors.Count == 0 && create.Notification!.Template is not null)
        {
            // Checked now, so a missing variable is a 400 at creation; each occurrence renders the version latest then.
            await templates.CheckAsync(tenant, create.Notification, "notification.", NotificationEndpoints.Channels(context), errors);
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var schedule = await Schedules(grains, context).CreateAsync(create.Cron, create.TimeZone, ContractMapping.ToRequest(tenant, create.Notification!));
        return Results.Created($"/v1/schedules/{schedule.Id}", ContractMapping.ToContract(schedule));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains) =>
        Results.Ok(new ScheduleList((await Schedules(grains, context).ListAsync()).Select(ContractMapping.ToContract).ToArray()));

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains) =>
        await Schedules(grains, context).GetAsync(id) is { } schedule ? Results.Ok(ContractMapping.ToContract(schedule)) : Problems.NotFound($"Schedule '{id}'");

    private static async Task<IResult> SetPausedAsync(string id, bool paused, HttpContext context, IGrainFactory grains) =>
        await Schedules(grains, context).SetPausedAsync(id, paused) is { } schedule ? Results.Ok(ContractMapping.ToContract(schedule)) : Problems.NotFound($"Schedule '{id}'");

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IGrainFactory grains) =>
        await Schedules(grains, context).DeleteAsync(id) ? Results.NoContent() : Problems.NotFound($"Schedule '{id}'");

    private static IRecurringSchedulesGrain Schedules(IGrainFactory grains, HttpContext context) =>
        grains.GetGrain<IRecurringSchedulesGrain>(TenantFilter.TenantOf(context));
}
