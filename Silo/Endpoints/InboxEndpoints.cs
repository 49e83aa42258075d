using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>The in-app inbox of a user: the stored notifications, read and archive marks, and a live stream.</summary>
internal static class InboxEndpoints
{
    private const int MaxPageSize = 200;

    /// <summary>Issues inbox tokens: only a holder of the tenant's API key may.</summary>
    public static RouteGroupBuilder MapInboxTokenEndpoint(this RouteGroupBuilder v1)
    {
        v1.MapPost("/users/{userId}/inbox/token", IssueToken)
            .WithTags("Inbox")
            .WithSummary("A token for the user's app or browser to read this inbox and its stream, valid 24 hours")
            .Produces<InboxTokenInfo>()
            .ProducesValidationProblem();
        return v1;
    }

    public static RouteGroupBuilder MapInboxEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/users/{userId}/inbox").WithTags("Inbox");
        group.MapGet("", ListAsync)
            .WithSummary("The user's in-app notifications, newest first, with the unread count")
            .Produces<InboxPageInfo>()
            .ProducesValidationProblem();
        group.MapPost("/read", MarkReadAsync)
            .WithSummary("Mark notifications read, or all of them")
            .Accepts<MarkInboxItems>("application/json")
            .Produces<MarkInboxResult>()
            .ProducesValidationProblem();
        group.MapPost("/archive", ArchiveAsync)
            .WithSummary("Archive notifications")
            .Accepts<MarkInboxItems>("application/json")
            .Produces<MarkInboxResult>()
            .ProducesValidationProblem();
        group.MapGet("/stream", StreamAsync)
            .WithSummary("Server-sent events: 'unread_count' at once and on every change, 'notification' as each arrives")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    private static IResult IssueToken(string userId, HttpContext context, InboxTokens tokens)
    {
        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var (token, expiresAt) = tokens.Issue(TenantFilter.TenantOf(context), userId, InboxTokens.DefaultLifetime);
        return Results.Ok(new InboxTokenInfo(token, expiresAt));
    }

    private static async Task<IResult> ListAsync(string userId, string? filter, int? limit, string? cursor, HttpContext context, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        InboxFilter parsed = InboxFilter.Active;
        if (filter is not null && !(Enum.TryParse(filter, ignoreCase: true, out parsed) && Enum.IsDefined(parsed)))
        {
            errors["filter"] = ["One of: active, unread, archived, all."];
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"From 1 to {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var page = await Inbox(grains, context, userId).ListAsync(parsed, limit ?? 50, cursor);
        return Results.Ok(new InboxPageInfo(page.Items.Select(ContractMapping.ToContract).ToArray(), page.UnreadCount, page.NextCursor));
    }

    private static Task<IResult> MarkReadAsync(string userId, HttpContext context, IGrainFactory grains) =>
        MarkAsync(userId, context, grains, allowAll: true, (inbox, marks) => inbox.MarkReadAsync(marks.All ? null : marks.Ids!.ToArray()));

    private static Task<IResult> ArchiveAsync(string userId, HttpContext context, IGrainFactory grains) =>
        MarkAsync(userId, context, grains, allowAll: false, (inbox, marks) => inbox.ArchiveAsync(marks.Ids!.ToArray()));

    private static async Task<IResult> MarkAsync(string userId, HttpContext context, IGrainFactory grains, bool allowAll, Func<IInboxGrain, MarkInboxItems, Task<int>> mark)
    {
        var (marks, problem) = await JsonBody.ReadAsync<MarkInboxItems>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        if (marks!.All && !allowAll)
        {
            errors["all"] = ["Only reading takes 'all'; name the ids to archive."];
        }
        else if (!marks.All && marks.Ids is not { Count: > 0 and <= 1000 })
        {
            errors["ids"] = [allowAll ? "1 to 1000 notification ids, or \"all\": true." : "1 to 1000 notification ids."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var inbox = Inbox(grains, context, userId);
        var changed = await mark(inbox, marks);
        return Results.Ok(new MarkInboxResult(changed, await inbox.UnreadCountAsync()));
    }

    private static async Task<IResult> StreamAsync(string userId, HttpContext context, IClusterClient cluster, Microsoft.Extensions.Options.IOptions<InboxOptions> options, EventStreamSlots slots)
    {
        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(userId, "user_id", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // Counted per inbox, whoever opens it: a backend that follows many users' inboxes with its key is not one caller.
        if (!slots.TryTakeFor(context, UserKey.For(TenantFilter.TenantOf(context), userId)))
        {
            return Problems.TooManyStreams(context);
        }

        var tenant = TenantFilter.TenantOf(context);
        // A slow client loses the oldest live events rather than hold up the inbox; the stored inbox has them all.
        var events = Channel.CreateBounded<InboxEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        // Subscribed before the count is read, so that nothing falls between the two.
        var subscription = await cluster.GetStreamProvider(InboxStreams.Provider)
            .GetStream<InboxEvent>(InboxStreams.For(tenant, userId))
            .SubscribeAsync(new ChannelObserver<InboxEvent>(events.Writer));
        var unread = await cluster.GetGrain<IInboxGrain>(UserKey.For(tenant, userId)).UnreadCountAsync();
        return TypedResults.ServerSentEvents(Events(unread, events.Reader, subscription, options.Value.StreamHeartbeat, context.Json(), context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(
        int unread,
        ChannelReader<InboxEvent> events,
        StreamSubscriptionHandle<InboxEvent> subscription,
        TimeSpan heartbeat,
        JsonSerializerOptions json,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(new InboxEventInfo(null, unread), json), "unread_count");
            while (!cancellationToken.IsCancellationRequested)
            {
                // A quiet connection still says something now and then, so that proxies and load balancers keep it open.
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(heartbeat);
                InboxEvent? change = null;
                try
                {
                    change = await events.ReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }

                if (change is null)
                {
                    yield return new SseItem<string>("{}", "ping");
                    continue;
                }

                var info = ContractMapping.ToContract(change);
                yield return new SseItem<string>(JsonSerializer.Serialize(info, json), change.Item is null ? "unread_count" : "notification");
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private static IInboxGrain Inbox(IGrainFactory grains, HttpContext context, string userId) =>
        grains.GetGrain<IInboxGrain>(UserKey.For(TenantFilter.TenantOf(context), userId));
}
