using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Notifications.Client;
using Orleans.Concurrency;

namespace Notifications.Silo;

/// <summary>
/// The front door for .NET services in the cluster (<see cref="NotificationsClusterClient"/>): each call runs the
/// rules of its <c>/v1</c> endpoint, written once for both doors (<see cref="FrontDoorCall"/>), and answers what the
/// endpoint would have, value or problem.
/// </summary>
[StatelessWorker]
internal sealed class NotificationsGatewayGrain(
    IServiceProvider services,
    NotificationSender sender,
    TemplateCheck templates,
    IOptions<LimitsOptions> limits) : Grain, INotificationsGatewayGrain
{
    public async Task<GatewayAnswer<NotificationInfo>> SendAsync(string tenant, SendNotification notification, string? idempotencyKey) =>
        Answer<NotificationInfo>(await NotificationEndpoints.SendAsync(Call(tenant, idempotencyKey), notification, sender, templates));

    public async Task<GatewayAnswer<BatchResult>> SendBatchAsync(string tenant, SendBatch batch, string? idempotencyKey) =>
        Answer<BatchResult>(await NotificationEndpoints.SendBatchAsync(Call(tenant, idempotencyKey), batch, sender, templates, limits.Value));

    public async Task<GatewayAnswer<NotificationInfo>> GetAsync(string tenant, string notificationId) =>
        Answer<NotificationInfo>(await NotificationEndpoints.GetAsync(Call(tenant), notificationId, GrainFactory));

    public async Task<GatewayAnswer<NotificationInfo>> CancelAsync(string tenant, string notificationId) =>
        Answer<NotificationInfo>(await NotificationEndpoints.CancelAsync(Call(tenant), notificationId, GrainFactory));

    public async Task<GatewayAnswer<UserInfo>> UpdateUserAsync(string tenant, string userId, UpdateUser update) =>
        Answer<UserInfo>(await UserEndpoints.UpdateAsync(Call(tenant), userId, update, GrainFactory));

    public async Task<GatewayAnswer<UserInfo>> GetUserAsync(string tenant, string userId) =>
        Answer<UserInfo>(await UserEndpoints.GetAsync(Call(tenant), userId, GrainFactory));

    public async Task<GatewayAnswer<TopicInfo>> CreateTopicAsync(string tenant, CreateTopic topic) =>
        Answer<TopicInfo>(await TopicEndpoints.CreateAsync(Call(tenant), topic, GrainFactory));

    public async Task<GatewayAnswer<SubscribeResult>> SubscribeAsync(string tenant, string topicId, string userId, SubscribeToTopic subscription) =>
        Answer<SubscribeResult>(await TopicEndpoints.SubscribeAsync(Call(tenant), topicId, userId, subscription, GrainFactory));

    public async Task<GatewayAnswer<bool>> UnsubscribeAsync(string tenant, string topicId, string userId) =>
        Answer<bool>(await TopicEndpoints.UnsubscribeAsync(Call(tenant), topicId, userId, GrainFactory));

    public async Task<GatewayAnswer<TopicSendInfo>> SendToTopicAsync(string tenant, string topicId, FanOutNotification notification, string? idempotencyKey) =>
        Answer<TopicSendInfo>(await TopicEndpoints.SendAsync(Call(tenant, idempotencyKey), topicId, notification, sender, templates));

    public async Task<GatewayAnswer<TopicSendInfo>> GetTopicSendAsync(string tenant, string topicId, string sendId) =>
        Answer<TopicSendInfo>(await TopicEndpoints.GetSendAsync(Call(tenant), topicId, sendId, GrainFactory));

    private FrontDoorCall Call(string tenant, string? idempotencyKey = null) => FrontDoorCall.Inside(tenant, services, idempotencyKey);

    /// <summary>The endpoint's answer as data: its status, and its body's value or problem.</summary>
    private static GatewayAnswer<T> Answer<T>(IResult result)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        return (result as IValueHttpResult)?.Value switch
        {
            HttpValidationProblemDetails invalid => new(status, default, new ProblemBody(invalid.Title, invalid.Detail, new Dictionary<string, string[]>(invalid.Errors))),
            ProblemDetails problem => new(status, default, new ProblemBody(problem.Title, problem.Detail, Errors: null)),
            T value => new(status, value, Problem: null),
            _ => new(status, default, Problem: null),
        };
    }
}
