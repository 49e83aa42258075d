using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Notifications.Client;
using Notifications.Grains;
using Orleans.Concurrency;

namespace Notifications.Silo;

/// <summary>
/// The front door for .NET services in the cluster (<see cref="NotificationsClusterClient"/>): each call runs the
/// rules of its <c>/v1</c> endpoint, written once for both doors (<see cref="FrontDoorCall"/>), and answers what the
/// endpoint would have, value or problem.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class NotificationsGatewayGrain(
    IServiceProvider services,
    ApiKeyAuthenticator keys,
    NotificationSender sender,
    TemplateCheck templates,
    IOptions<LimitsOptions> limits) : Grain, INotificationsGatewayGrain
{
    public Task<GatewayAnswer<NotificationInfo>> SendAsync(string tenant, SendNotification notification, string? idempotencyKey) =>
        AnswerAsync<NotificationInfo>(tenant, idempotencyKey, call => NotificationEndpoints.SendAsync(call, notification, sender, templates), notification);

    public Task<GatewayAnswer<BatchResult>> SendBatchAsync(string tenant, SendBatch batch, string? idempotencyKey) =>
        AnswerAsync<BatchResult>(tenant, idempotencyKey, call => NotificationEndpoints.SendBatchAsync(call, batch, sender, templates, limits.Value), batch);

    public Task<GatewayAnswer<NotificationInfo>> GetAsync(string tenant, string notificationId) =>
        AnswerAsync<NotificationInfo>(tenant, null, call => NotificationEndpoints.GetAsync(call, notificationId, GrainFactory));

    public Task<GatewayAnswer<NotificationInfo>> CancelAsync(string tenant, string notificationId) =>
        AnswerAsync<NotificationInfo>(tenant, null, call => NotificationEndpoints.CancelAsync(call, notificationId, GrainFactory));

    public Task<GatewayAnswer<UserInfo>> UpdateUserAsync(string tenant, string userId, UpdateUser update) =>
        AnswerAsync<UserInfo>(tenant, null, call => UserEndpoints.UpdateAsync(call, userId, update, GrainFactory), update);

    public Task<GatewayAnswer<UserInfo>> GetUserAsync(string tenant, string userId) =>
        AnswerAsync<UserInfo>(tenant, null, call => UserEndpoints.GetAsync(call, userId, GrainFactory));

    public Task<GatewayAnswer<TopicInfo>> CreateTopicAsync(string tenant, CreateTopic topic) =>
        AnswerAsync<TopicInfo>(tenant, null, call => TopicEndpoints.CreateAsync(call, topic, GrainFactory), topic);

    public Task<GatewayAnswer<SubscribeResult>> SubscribeAsync(string tenant, string topicId, string userId, SubscribeToTopic subscription) =>
        AnswerAsync<SubscribeResult>(tenant, null, call => TopicEndpoints.SubscribeAsync(call, topicId, userId, subscription, GrainFactory), subscription);

    public Task<GatewayAnswer<bool>> UnsubscribeAsync(string tenant, string topicId, string userId) =>
        AnswerAsync<bool>(tenant, null, call => TopicEndpoints.UnsubscribeAsync(call, topicId, userId, GrainFactory));

    public Task<GatewayAnswer<TopicSendInfo>> SendToTopicAsync(string tenant, string topicId, FanOutNotification notification, string? idempotencyKey) =>
        AnswerAsync<TopicSendInfo>(tenant, idempotencyKey, call => TopicEndpoints.SendAsync(call, topicId, notification, sender, templates), notification);

    public Task<GatewayAnswer<TopicSendInfo>> GetTopicSendAsync(string tenant, string topicId, string sendId) =>
        AnswerAsync<TopicSendInfo>(tenant, null, call => TopicEndpoints.GetSendAsync(call, topicId, sendId, GrainFactory));

    public Task<GatewayAnswer<EventAccepted>> TriggerAsync(string tenant, TriggerEvent trigger) =>
        AnswerAsync<EventAccepted>(tenant, null, call => WorkflowEndpoints.TriggerAsync(call, trigger, GrainFactory), trigger);

    public Task<GatewayAnswer<WorkflowRunInfo>> GetWorkflowRunAsync(string tenant, string runId) =>
        AnswerAsync<WorkflowRunInfo>(tenant, null, call => WorkflowEndpoints.GetRunAsync(call, runId, GrainFactory));

    public Task<GatewayAnswer<WorkflowRunInfo>> CancelWorkflowRunAsync(string tenant, string runId) =>
        AnswerAsync<WorkflowRunInfo>(tenant, null, call => WorkflowEndpoints.CancelRunAsync(call, runId, GrainFactory));

    /// <summary>Runs <paramref name="endpoint"/> for <paramref name="tenant"/>, if the silos know it, and answers what it answered.</summary>
    private async Task<GatewayAnswer<T>> AnswerAsync<T>(string tenant, string? idempotencyKey, Func<FrontDoorCall, Task<IResult>> endpoint, object? body = null)
    {
        if (!keys.IsTenant(tenant))
        {
            // A name that is not a tenant would reach grains keyed by it ('a/b' is another tenant's user 'b').
            return new(StatusCodes.Status403Forbidden, default, new ProblemBody("Unknown tenant", $"'{tenant}' is not a tenant of this service: name one that an API key is configured for.", Errors: null));
        }

        // What JSON reading checks at the HTTP door: no nulls where the contract has none.
        var nulls = new Dictionary<string, string[]>();
        if (body is not null)
        {
            ContractNulls.Find(body, "", System.Text.Json.JsonNamingPolicy.SnakeCaseLower, nulls);
        }

        if (nulls.Count > 0)
        {
            return Invalid<T>(nulls);
        }

        var call = FrontDoorCall.Inside(tenant, services, idempotencyKey);
        try
        {
            return Answer<T>(await endpoint(call), call);
        }
        catch (UserLimitException limit)
        {
            return Invalid<T>(new Dictionary<string, string[]> { [limit.Field] = [limit.Message] });
        }
    }

    /// <summary>400 with the fields and reasons, as the HTTP door answers an invalid body.</summary>
    private static GatewayAnswer<T> Invalid<T>(Dictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, default, new ProblemBody("The request is not valid.", null, errors));

    /// <summary>The endpoint's answer as data: its status, its body's value or problem, and what its headers said.</summary>
    private static GatewayAnswer<T> Answer<T>(IResult result, FrontDoorCall call)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var retryAfter = call.Headers.TryGetValue("Retry-After", out var seconds) && int.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out var s)
            ? TimeSpan.FromSeconds(s)
            : (TimeSpan?)null;
        var replayed = call.Headers.TryGetValue("Idempotent-Replayed", out var flag) && flag == "true";
        return (result as IValueHttpResult)?.Value switch
        {
            HttpValidationProblemDetails invalid => new(status, default, new ProblemBody(invalid.Title, invalid.Detail, new Dictionary<string, string[]>(invalid.Errors)), retryAfter, replayed),
            ProblemDetails problem => new(status, default, new ProblemBody(problem.Title, problem.Detail, Errors: null), retryAfter, replayed),
            T value => new(status, value, Problem: null, retryAfter, replayed),
            _ => new(status, default, Problem: null, retryAfter, replayed),
        };
    }
}
