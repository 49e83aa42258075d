using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

internal static class DeadLetterEndpoints
{
    private const int MaxReplayIds = 1000;

    public static RouteGroupBuilder MapDeadLetterEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/dead-letters").WithTags("Dead letters");
        group.MapGet("/", ListAsync)
            .WithSummary("List notifications that ran out of attempts, oldest first")
            .Produces<DeadLetterList>()
            .ProducesValidationProblem();
        group.MapPost("/replay", ReplayAsync)
            .WithSummary("Put dead letters back into delivery with a fresh count of attempts: the ids given, or all")
            .Accepts<ReplayDeadLetters>("application/json")
            .Produces<ReplayResult>()
            .ProducesValidationProblem();
        group.MapPost("/{id}/replay", ReplayOneAsync)
            .WithSummary("Put one dead letter back into delivery")
            .Produces<NotificationInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, string? after = null, int limit = 100)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Invalid("limit", "From 1 to 1000.");
        }

        var page = await grains.GetGrain<IDeadLetterGrain>(TenantFilter.TenantOf(context)).ListAsync(after, limit);
        return Results.Ok(new DeadLetterList(page.Items.Select(ContractMapping.ToContract).ToArray(), page.Total, page.Next));
    }

    private static async Task<IResult> ReplayAsync(HttpContext context, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReplayDeadLetters>(context);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.All == body.Ids is { Count: > 0 })
        {
            return Problems.Invalid("ids", "Give the ids to replay, or \"all\": true, not both.");
        }

        if (body.Ids is { } given && (given.Count > MaxReplayIds || given.Any(id => id is null || !NotificationEndpoints.IsNotificationId(id))))
        {
            return Problems.Invalid("ids", $"At most {MaxReplayIds} notification ids.");
        }

        var tenant = TenantFilter.TenantOf(context);
        var replayed = 0;
        var skipped = new List<string>();
        async Task ReplayEachAsync(IEnumerable<string> ids)
        {
            var outcomes = await Task.WhenAll(ids.Select(async id => (Id: id, (await grains.GetGrain<INotificationGrain>(id).ReplayAsync(tenant)).Outcome)));
            replayed += outcomes.Count(o => o.Outcome == ReplayOutcome.Replayed);
            skipped.AddRange(outcomes.Where(o => o.Outcome != ReplayOutcome.Replayed).Select(o => o.Id));
        }

        if (body.Ids is { } ids)
        {
            await ReplayEachAsync(ids.Distinct());
        }
        else
        {
            // Each replay takes its entry out of the index, so the first page is always the next one.
            var index = grains.GetGrain<IDeadLetterGrain>(tenant);
            for (var page = await index.ListAsync(null, 500); page.Items.Count > 0 && !context.RequestAborted.IsCancellationRequested; page = await index.ListAsync(null, 500))
            {
                var before = replayed + skipped.Count;
                await ReplayEachAsync(page.Items.Select(d => d.NotificationId));
                if (replayed + skipped.Count == before)
                {
                    break;
                }
            }
        }

        return Results.Ok(new ReplayResult(replayed, skipped));
    }

    private static async Task<IResult> ReplayOneAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (!NotificationEndpoints.IsNotificationId(id))
        {
            return Problems.NotFound($"Notification '{id}'");
        }

        var (outcome, snapshot) = await grains.GetGrain<INotificationGrain>(id).ReplayAsync(TenantFilter.TenantOf(context));
        return outcome switch
        {
            ReplayOutcome.Replayed => Results.Ok(ContractMapping.ToContract(snapshot!)),
            ReplayOutcome.NotDeadLettered => Problems.WrongStatus("The notification is not a dead letter.", snapshot!.Status),
            _ => Problems.NotFound($"Notification '{id}'"),
        };
    }
}
