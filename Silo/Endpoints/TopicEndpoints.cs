using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Topics, as in the original design: <c>createTopic(name, serviceType, metadata)</c>, <c>subscribe(topicId, mode,
/// priority)</c> and <c>send(topicId, mode)</c>, where a send's mode is its delivery mode.
/// </summary>
internal static partial class TopicEndpoints
{
    public const int MaxSubscribersPerRequest = 1_000;

    private const string DefaultMode = "default";

    public static RouteGroupBuilder MapTopicEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/topics").WithTags("Topics");
        group.MapPost("/", CreateOverHttpAsync)
            .WithSummary("Create a topic")
            .Accepts<CreateTopic>("application/json")
            .Produces<TopicInfo>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", ListAsync).WithSummary("The tenant's topics, in id order").Produces<TopicList>().ProducesValidationProblem();
        group.MapGet("/{topicId}", GetTopicAsync).WithSummary("Read a topic with its count of subscribers").Produces<TopicInfo>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{topicId}", DeleteAsync)
            .WithSummary("Delete a topic")
            .WithDescription("The topic is gone at once for reads, subscriptions and sends; its subscribers are let go in the background (202), and its id is free again once they all are. 204 when it had none.")
            .Produces(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{topicId}/subscribers/{userId}", SubscribeOverHttpAsync)
            .WithSummary("Subscribe a user, or change their mode and priority")
            .Accepts<SubscribeToTopic>("application/json")
            .Produces<SubscribeResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{topicId}/subscribers", SubscribeManyAsync)
            .WithSummary("Subscribe up to 1,000 users in one request")
            .Accepts<SubscribeManyToTopic>("application/json")
            .Produces<SubscribeResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{topicId}/subscribers/{userId}", UnsubscribeOverHttpAsync)
            .WithSummary("Unsubscribe a user")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{topicId}/subscribers", ListSubscribersAsync)
            .WithSummary("A page of the topic's subscribers, in the order they subscribed")
            .Produces<TopicSubscriberList>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{topicId}/sends", SendOverHttpAsync).RequireScope(ApiScopes.Send)
            .WithSummary("Send a notification to every subscriber")
            .WithDescription("Answers 202 once the send is durable; each subscriber's notification is then made a page at a time, and a crash resumes at the page it reached. With an Idempotency-Key header a repeat answers the first send.")
            .Accepts<FanOutNotification>("application/json")
            .Produces<TopicSendInfo>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{topicId}/sends", ListSendsAsync).WithSummary("The topic's latest sends, newest first").Produces<IReadOnlyList<TopicSendInfo>>();
        group.MapGet("/{topicId}/sends/{sendId}", GetSendOverHttpAsync).WithSummary("How far a send has fanned out").Produces<TopicSendInfo>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{topicId}/sends/{sendId}/recipients/{userId}", GetRecipientAsync)
            .WithSummary("One subscriber's notification from a send")
            .Produces<NotificationInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> CreateOverHttpAsync(HttpContext context, IGrainFactory grains)
    {
        var (create, problem) = await JsonBody.ReadAsync<CreateTopic>(context);
        return problem ?? await CreateAsync(FrontDoorCall.Of(context), create!, grains);
    }

    internal static async Task<IResult> CreateAsync(FrontDoorCall call, CreateTopic create, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (create.Id is { } id && !TopicIdPattern().IsMatch(id))
        {
            errors["id"] = ["1 to 128 letters, digits, '.', '_', ':' or '-'."];
        }

        if (string.IsNullOrWhiteSpace(create.Name) || create.Name.Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }

        var channels = call.Channels;
        if (create.ServiceType is { } serviceType && !channels.Contains(serviceType))
        {
            errors["service_type"] = [$"Must be one of: {string.Join(", ", channels)}."];
        }

        if (create.Metadata is { } metadata && (metadata.ValueKind != JsonValueKind.Object || metadata.GetRawText().Length > SendValidation.MaxDataCharacters))
        {
            errors["metadata"] = [$"A JSON object of at most {SendValidation.MaxDataCharacters} characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var topicId = create.Id ?? Guid.CreateVersion7().ToString("N");
        var definition = new TopicDefinition(create.Name!, create.ServiceType, create.Metadata?.Clone(), call.Now);
        var (created, topic) = await Topic(grains, call.Tenant, topicId).CreateAsync(definition);
        return created
            ? Results.Created($"/v1/topics/{topicId}", ToContract(topic))
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Topic '{topicId}' exists already.", detail: "Choose another id, or leave it out to have one made.");
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, string? after, int? limit)
    {
        if (limit is < 1 or > 1_000)
        {
            return Problems.Invalid("limit", "From 1 to 1000.");
        }

        var take = limit ?? 100;
        var tenant = TenantFilter.TenantOf(context);
        var topicIds = await grains.GetGrain<ITopicDirectoryGrain>(tenant).ListAsync(after, take);
        var topics = await Task.WhenAll(topicIds.Select(id => Topic(grains, TenantFilter.TenantOf(context), id).GetAsync()));
        return Results.Ok(new TopicList(topics.OfType<TopicSnapshot>().Select(ToContract).ToArray(), topicIds.Count == take ? topicIds[^1] : null));
    }

    private static async Task<IResult> GetTopicAsync(string topicId, HttpContext context, IGrainFactory grains)
    {
        var topic = TopicIdPattern().IsMatch(topicId) ? await Topic(grains, TenantFilter.TenantOf(context), topicId).GetAsync() : null;
        return topic is null ? Problems.NotFound($"Topic '{topicId}'") : Results.Ok(ToContract(topic));
    }

    private static async Task<IResult> DeleteAsync(string topicId, HttpContext context, IGrainFactory grains)
    {
        if (!TopicIdPattern().IsMatch(topicId) || await Topic(grains, TenantFilter.TenantOf(context), topicId).DeleteAsync() is not { Deleted: true } deletion)
        {
            return Problems.NotFound($"Topic '{topicId}'");
        }

        return deletion.Finished ? Results.NoContent() : Results.Accepted();
    }

    private static async Task<IResult> SubscribeOverHttpAsync(string topicId, string userId, HttpContext context, IGrainFactory grains)
    {
        var (subscribe, problem) = await JsonBody.ReadAsync<SubscribeToTopic>(context);
        if (problem is not null)
        {
            return problem;
        }

        return await SubscribeAsync(FrontDoorCall.Of(context), topicId, userId, subscribe!, grains);
    }

    internal static Task<IResult> SubscribeAsync(FrontDoorCall call, string topicId, string userId, SubscribeToTopic subscribe, IGrainFactory grains) =>
        SubscribeAllAsync(call, topicId, [new TopicSubscriber(userId, subscribe.Mode, subscribe.Priority)], "", grains);

    private static async Task<IResult> SubscribeManyAsync(string topicId, HttpContext context, IGrainFactory grains)
    {
        var (subscribe, problem) = await JsonBody.ReadAsync<SubscribeManyToTopic>(context);
        if (problem is not null)
        {
            return problem;
        }

        if (subscribe!.Subscribers is not { Count: > 0 and <= MaxSubscribersPerRequest } subscribers)
        {
            return Problems.Invalid("subscribers", $"1 to {MaxSubscribersPerRequest} subscribers.");
        }

        return await SubscribeAllAsync(FrontDoorCall.Of(context), topicId, subscribers, "subscribers", grains);
    }

    /// <param name="prefix">Where the subscribers are in the body, to name a bad one's field; empty for one in the path.</param>
    private static async Task<IResult> SubscribeAllAsync(FrontDoorCall call, string topicId, IReadOnlyList<TopicSubscriber> subscribers, string prefix, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var channels = call.Channels;
        for (var i = 0; i < subscribers.Count; i++)
        {
            var at = prefix.Length == 0 ? "" : $"{prefix}[{i}].";
            if (subscribers[i] is not { } subscriber)
            {
                errors[$"{prefix}[{i}]"] = ["A subscriber object is required."];
                continue;
            }

            SendValidation.UserId(subscriber.UserId, $"{at}user_id", errors);
            if (subscriber.Mode is { } mode && mode != DefaultMode && !channels.Contains(mode))
            {
                errors[$"{at}mode"] = [$"'{DefaultMode}' for the topic's service type, or one of: {string.Join(", ", channels)}."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var now = call.Now;
        var subscriptions = subscribers.Select(s => new TopicSubscription(
            s.UserId,
            s.Mode is null or DefaultMode ? null : s.Mode,
            s.Priority is { } priority ? ContractMapping.ToGrain(priority) : null,
            now)).ToArray();
        return TopicIdPattern().IsMatch(topicId) && await Topic(grains, call.Tenant, topicId).SubscribeAsync(subscriptions) is { } outcome
            ? Results.Ok(new SubscribeResult(outcome.Added, outcome.Updated))
            : Problems.NotFound($"Topic '{topicId}'");
    }

    private static Task<IResult> UnsubscribeOverHttpAsync(string topicId, string userId, HttpContext context, IGrainFactory grains) =>
        UnsubscribeAsync(FrontDoorCall.Of(context), topicId, userId, grains);

    internal static async Task<IResult> UnsubscribeAsync(FrontDoorCall call, string topicId, string userId, IGrainFactory grains) =>
        TopicIdPattern().IsMatch(topicId) && await Topic(grains, call.Tenant, topicId).UnsubscribeAsync(userId)
            ? Results.NoContent()
            : Problems.NotFound($"User '{userId}' in topic '{topicId}'");

    private static async Task<IResult> ListSubscribersAsync(string topicId, HttpContext context, IGrainFactory grains, int? page)
    {
        if (page is < 0)
        {
            return Problems.Invalid("page", "A page number from 0, as the previous answer's next gave it.");
        }

        if (!TopicIdPattern().IsMatch(topicId) || await Topic(grains, TenantFilter.TenantOf(context), topicId).GetSubscribersAsync(page ?? 0) is not { } subscribers)
        {
            return Problems.NotFound($"Topic '{topicId}'");
        }

        return Results.Ok(new TopicSubscriberList(
            subscribers.Subscribers.Select(s => new TopicSubscriberInfo(
                s.UserId, s.Channel ?? DefaultMode, s.Priority is { } priority ? ContractMapping.ToContract(priority) : null, s.SubscribedAt)).ToArray(),
            subscribers.Next));
    }

    private static async Task<IResult> SendOverHttpAsync(string topicId, HttpContext context, NotificationSender sender, TemplateCheck templates)
    {
        var (toTopic, problem) = await JsonBody.ReadAsync<FanOutNotification>(context);
        return problem ?? await SendAsync(FrontDoorCall.Of(context), topicId, toTopic!, sender, templates);
    }

    internal static async Task<IResult> SendAsync(FrontDoorCall call, string topicId, FanOutNotification toTopic, NotificationSender sender, TemplateCheck templates)
    {
        var tenant = call.Tenant;
        // Validated as a send to one user, whose id each subscriber fills in.
        var send = ContractMapping.ToSend(toTopic, "subscriber");
        var key = call.IdempotencyKey;
        var errors = new Dictionary<string, string[]>();
        SendValidation.Validate(send, "", call.Now, call.Channels, errors);
        SendValidation.IdempotencyKey(key, NotificationEndpoints.IdempotencyKeyHeader, errors);
        var templateVersion = errors.Count == 0 ? await templates.CheckAsync(tenant, send, "", call.Channels, errors, audience: true) : null;
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (!TopicIdPattern().IsMatch(topicId) || await sender.SendToTopicAsync(tenant, topicId, send with { UserId = "" }, key, templateVersion) is not { } result)
        {
            return Problems.NotFound($"Topic '{topicId}'");
        }

        return NotificationEndpoints.ConflictOrReplay(call, result.Outcome, $"Send {result.Send.SendId}", "send")
            ?? Results.Accepted($"/v1/topics/{topicId}/sends/{result.Send.SendId}", ToContract(result.Send));
    }

    private static async Task<IResult> ListSendsAsync(string topicId, HttpContext context, IGrainFactory grains)
    {
        if (!TopicIdPattern().IsMatch(topicId) || await Topic(grains, TenantFilter.TenantOf(context), topicId).GetAsync() is null)
        {
            return Problems.NotFound($"Topic '{topicId}'");
        }

        var tenant = TenantFilter.TenantOf(context);
        var ids = await Topic(grains, TenantFilter.TenantOf(context), topicId).ListSendsAsync();
        var sends = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITopicSendGrain>(id).GetAsync(tenant)));
        return Results.Ok(sends.OfType<TopicSendSnapshot>().Select(ToContract).ToArray());
    }

    private static Task<IResult> GetSendOverHttpAsync(string topicId, string sendId, HttpContext context, IGrainFactory grains) =>
        GetSendAsync(FrontDoorCall.Of(context), topicId, sendId, grains);

    internal static async Task<IResult> GetSendAsync(FrontDoorCall call, string topicId, string sendId, IGrainFactory grains) =>
        NotificationEndpoints.IsNotificationId(sendId) && await grains.GetGrain<ITopicSendGrain>(sendId).GetAsync(call.Tenant) is { } send && send.TopicId == topicId
            ? Results.Ok(ToContract(send))
            : Problems.NotFound($"Send '{sendId}' to topic '{topicId}'");

    private static async Task<IResult> GetRecipientAsync(string topicId, string sendId, string userId, HttpContext context, IGrainFactory grains)
    {
        var tenant = TenantFilter.TenantOf(context);
        if (!NotificationEndpoints.IsNotificationId(sendId) || await grains.GetGrain<ITopicSendGrain>(sendId).GetAsync(tenant) is not { } send || send.TopicId != topicId)
        {
            return Problems.NotFound($"Send '{sendId}' to topic '{topicId}'");
        }

        // The notification's id holds the page the user was in, which is where they still are while subscribed.
        var page = SendValidation.IsUserId(userId) ? await grains.GetGrain<IUserGrain>(UserKey.For(tenant, userId)).TopicPageAsync(topicId) : null;
        return page is not null && await grains.GetGrain<INotificationGrain>(FanOutNotificationId.For(sendId, page.Value, userId)).GetAsync(tenant) is { } notification
            ? Results.Ok(ContractMapping.ToContract(notification))
            : Problems.NotFound($"A notification of send '{sendId}' for subscriber '{userId}'");
    }

    private static TopicInfo ToContract(TopicSnapshot topic) =>
        new(topic.TopicId, topic.Definition.Name, topic.Definition.ServiceType, topic.Definition.Metadata, topic.SubscriberCount, topic.Definition.CreatedAt);

    private static TopicSendInfo ToContract(TopicSendSnapshot send)
    {
        return new TopicSendInfo(
            send.SendId,
            send.TopicId,
            send.Status == FanOutStatus.Completed ? FanOutState.Completed : FanOutState.FanningOut,
            send.Pages,
            send.PagesDone,
            send.Notifications,
            send.Skipped,
            ContractMapping.ToFanOutContract(send.Request),
            send.AcceptedAt,
            send.CompletedAt);
    }

    private static ITopicGrain Topic(IGrainFactory grains, string tenant, string topicId) =>
        grains.GetGrain<ITopicGrain>(TopicKey.For(tenant, topicId));

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    internal static partial Regex TopicIdPattern();
}
