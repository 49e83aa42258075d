using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Notifications.Client;

/// <summary>
/// Calls the Notifications service's /v1 API. Sends carry an idempotency key (one is made when the caller gives
/// none), so the client's own retries never send a notification twice.
/// </summary>
public sealed class NotificationsClient(HttpClient http, IOptions<NotificationsClientOptions> options)
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public Task<NotificationInfo> SendAsync(SendNotification notification, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<NotificationInfo>(HttpMethod.Post, "v1/notifications", notification, idempotencyKey ?? ClientRetries.NewIdempotencyKey(), cancellationToken);

    public Task<BatchResult> SendBatchAsync(IEnumerable<SendNotification> notifications, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<BatchResult>(HttpMethod.Post, "v1/notifications/batch", new SendBatch(notifications.ToArray()), idempotencyKey ?? ClientRetries.NewIdempotencyKey(), cancellationToken);

    /// <summary>The notification with its transition history, or null when there is none with this id.</summary>
    public Task<NotificationInfo?> GetAsync(string notificationId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<NotificationInfo>($"v1/notifications/{Uri.EscapeDataString(notificationId)}", cancellationToken);

    /// <summary>The message log, newest first: pass a page's <c>NextCursor</c> as <paramref name="cursor"/> for the next (a page can be short and still have one).</summary>
    public async Task<NotificationLog> SearchAsync(NotificationSearch? search = null, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string> { $"limit={limit}" };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("user_id", search?.UserId);
        Add("status", search?.Status is { } status ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString()) : null);
        Add("channel", search?.Channel);
        Add("category", search?.Category);
        Add("topic", search?.Topic);
        Add("from", search?.From?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", search?.To?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("cursor", cursor);
        return (await GetOrNullAsync<NotificationLog>($"v1/notifications?{string.Join('&', query)}", cancellationToken))!;
    }

    public Task<NotificationInfo> CancelAsync(string notificationId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<NotificationInfo>(HttpMethod.Post, $"v1/notifications/{Uri.EscapeDataString(notificationId)}/cancel", null, null, cancellationToken);

    public Task TrackEngagementAsync(string notificationId, TrackEngagement engagement, CancellationToken cancellationToken = default) =>
        SendJsonAsync<object>(HttpMethod.Post, $"v1/notifications/{Uri.EscapeDataString(notificationId)}/engagements", engagement, null, cancellationToken);

    public Task<UserInfo> UpdateUserAsync(string userId, UpdateUser update, CancellationToken cancellationToken = default) =>
        SendJsonAsync<UserInfo>(HttpMethod.Put, $"v1/users/{Uri.EscapeDataString(userId)}", update, null, cancellationToken);

    public Task<UserInfo?> GetUserAsync(string userId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<UserInfo>($"v1/users/{Uri.EscapeDataString(userId)}", cancellationToken);

    public Task<UserInfo> UpdatePreferencesAsync(string userId, UpdatePreferences update, CancellationToken cancellationToken = default) =>
        SendJsonAsync<UserInfo>(HttpMethod.Patch, $"v1/users/{Uri.EscapeDataString(userId)}/preferences", update, null, cancellationToken);

    /// <summary>Notifications that ran out of attempts, oldest first; pass a page's <c>Next</c> as <paramref name="after"/>.</summary>
    public async Task<DeadLetterList> ListDeadLettersAsync(string? after = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var query = after is null ? $"?limit={limit}" : $"?limit={limit}&after={Uri.EscapeDataString(after)}";
        return (await GetOrNullAsync<DeadLetterList>($"v1/dead-letters{query}", cancellationToken))!;
    }

    public Task<ReplayResult> ReplayDeadLettersAsync(ReplayDeadLetters replay, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ReplayResult>(HttpMethod.Post, "v1/dead-letters/replay", replay, null, cancellationToken);

    /// <param name="filter"><c>active</c> (not archived; the default), <c>unread</c>, <c>archived</c> or <c>all</c>.</param>
    public async Task<InboxPageInfo> ListInboxAsync(string userId, string? filter = null, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var query = $"?limit={limit}{(filter is null ? "" : $"&filter={Uri.EscapeDataString(filter)}")}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}";
        return (await GetOrNullAsync<InboxPageInfo>($"v1/users/{Uri.EscapeDataString(userId)}/inbox{query}", cancellationToken))!;
    }

    /// <summary>A token that lets the user's app or browser read their inbox and its stream without the API key.</summary>
    public Task<InboxTokenInfo> CreateInboxTokenAsync(string userId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<InboxTokenInfo>(HttpMethod.Post, $"v1/users/{Uri.EscapeDataString(userId)}/inbox/token", null, null, cancellationToken);

    public Task<MarkInboxResult> MarkInboxReadAsync(string userId, MarkInboxItems items, CancellationToken cancellationToken = default) =>
        SendJsonAsync<MarkInboxResult>(HttpMethod.Post, $"v1/users/{Uri.EscapeDataString(userId)}/inbox/read", items, null, cancellationToken);

    public Task<MarkInboxResult> ArchiveInboxAsync(string userId, MarkInboxItems items, CancellationToken cancellationToken = default) =>
        SendJsonAsync<MarkInboxResult>(HttpMethod.Post, $"v1/users/{Uri.EscapeDataString(userId)}/inbox/archive", items, null, cancellationToken);

    /// <summary>Publishes a new version of a template.</summary>
    public Task<TemplateInfo> PublishTemplateAsync(string templateId, PublishTemplate template, CancellationToken cancellationToken = default) =>
        SendJsonAsync<TemplateInfo>(HttpMethod.Put, $"v1/templates/{Uri.EscapeDataString(templateId)}", template, null, cancellationToken);

    public Task<TemplateInfo?> GetTemplateAsync(string templateId, int? version = null, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<TemplateInfo>($"v1/templates/{Uri.EscapeDataString(templateId)}{(version is { } v ? $"?version={v}" : "")}", cancellationToken);

    public Task<TemplatePreview> PreviewTemplateAsync(string templateId, PreviewTemplate preview, CancellationToken cancellationToken = default) =>
        SendJsonAsync<TemplatePreview>(HttpMethod.Post, $"v1/templates/{Uri.EscapeDataString(templateId)}/preview", preview, null, cancellationToken);

    public Task<ScheduleInfo> CreateScheduleAsync(CreateSchedule schedule, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ScheduleInfo>(HttpMethod.Post, "v1/schedules", schedule, null, cancellationToken);

    public async Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(CancellationToken cancellationToken = default) =>
        (await GetOrNullAsync<ScheduleList>("v1/schedules", cancellationToken))!.Items;

    public Task<ScheduleInfo?> GetScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<ScheduleInfo>($"v1/schedules/{Uri.EscapeDataString(scheduleId)}", cancellationToken);

    public Task<ScheduleInfo> PauseScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ScheduleInfo>(HttpMethod.Post, $"v1/schedules/{Uri.EscapeDataString(scheduleId)}/pause", null, null, cancellationToken);

    public Task<ScheduleInfo> ResumeScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ScheduleInfo>(HttpMethod.Post, $"v1/schedules/{Uri.EscapeDataString(scheduleId)}/resume", null, null, cancellationToken);

    public Task DeleteScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<object>(HttpMethod.Delete, $"v1/schedules/{Uri.EscapeDataString(scheduleId)}", null, null, cancellationToken);

    /// <summary>Registers an endpoint for the tenant's events; the answer's <c>Secret</c> is shown this once.</summary>
    public Task<EventEndpointInfo> CreateEventEndpointAsync(CreateEventEndpoint endpoint, CancellationToken cancellationToken = default) =>
        SendJsonAsync<EventEndpointInfo>(HttpMethod.Post, "v1/event-endpoints", endpoint, null, cancellationToken);

    public async Task<IReadOnlyList<EventEndpointInfo>> ListEventEndpointsAsync(CancellationToken cancellationToken = default) =>
        (await GetOrNullAsync<EventEndpointList>("v1/event-endpoints", cancellationToken))!.Items;

    /// <summary>The endpoint with how its events are getting through, or null when there is none with this id.</summary>
    public Task<EventEndpointInfo?> GetEventEndpointAsync(string endpointId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<EventEndpointInfo>($"v1/event-endpoints/{Uri.EscapeDataString(endpointId)}", cancellationToken);

    public Task<EventEndpointInfo> UpdateEventEndpointAsync(string endpointId, UpdateEventEndpoint update, CancellationToken cancellationToken = default) =>
        SendJsonAsync<EventEndpointInfo>(HttpMethod.Patch, $"v1/event-endpoints/{Uri.EscapeDataString(endpointId)}", update, null, cancellationToken);

    public Task DeleteEventEndpointAsync(string endpointId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<object>(HttpMethod.Delete, $"v1/event-endpoints/{Uri.EscapeDataString(endpointId)}", null, null, cancellationToken);

    /// <summary>Sends the endpoint again every event it wants logged since <paramref name="since"/>, under the same ids.</summary>
    public Task<EventReplayResult> ReplayEventsAsync(string endpointId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        SendJsonAsync<EventReplayResult>(HttpMethod.Post, $"v1/event-endpoints/{Uri.EscapeDataString(endpointId)}/replay", new ReplayEvents(since), null, cancellationToken);

    /// <summary>Everything the service holds about the user, or null when it holds nothing.</summary>
    public Task<UserExport?> ExportUserAsync(string userId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<UserExport>($"v1/users/{Uri.EscapeDataString(userId)}/export", cancellationToken);

    /// <summary>Erases the user, their inbox and topics, and what their notifications said.</summary>
    public Task DeleteUserAsync(string userId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<object>(HttpMethod.Delete, $"v1/users/{Uri.EscapeDataString(userId)}", null, null, cancellationToken);

    public Task<TopicInfo> CreateTopicAsync(CreateTopic topic, CancellationToken cancellationToken = default) =>
        SendJsonAsync<TopicInfo>(HttpMethod.Post, "v1/topics", topic, null, cancellationToken);

    public Task<TopicInfo?> GetTopicAsync(string topicId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<TopicInfo>($"v1/topics/{Uri.EscapeDataString(topicId)}", cancellationToken);

    /// <summary>Deletes the topic: gone at once; its subscribers are let go in the background.</summary>
    public Task DeleteTopicAsync(string topicId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<object>(HttpMethod.Delete, $"v1/topics/{Uri.EscapeDataString(topicId)}", null, null, cancellationToken);

    /// <summary>The tenant's topics in id order; pass a page's <c>Next</c> as <paramref name="after"/>.</summary>
    public async Task<TopicList> ListTopicsAsync(string? after = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var query = after is null ? $"?limit={limit}" : $"?limit={limit}&after={Uri.EscapeDataString(after)}";
        return (await GetOrNullAsync<TopicList>($"v1/topics{query}", cancellationToken))!;
    }

    public Task<SubscribeResult> SubscribeAsync(string topicId, string userId, SubscribeToTopic subscription, CancellationToken cancellationToken = default) =>
        SendJsonAsync<SubscribeResult>(HttpMethod.Put, $"v1/topics/{Uri.EscapeDataString(topicId)}/subscribers/{Uri.EscapeDataString(userId)}", subscription, null, cancellationToken);

    /// <summary>Subscribes up to 1,000 users in one request.</summary>
    public Task<SubscribeResult> SubscribeManyAsync(string topicId, IEnumerable<TopicSubscriber> subscribers, CancellationToken cancellationToken = default) =>
        SendJsonAsync<SubscribeResult>(HttpMethod.Post, $"v1/topics/{Uri.EscapeDataString(topicId)}/subscribers", new SubscribeManyToTopic(subscribers.ToArray()), null, cancellationToken);

    public Task UnsubscribeAsync(string topicId, string userId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<object>(HttpMethod.Delete, $"v1/topics/{Uri.EscapeDataString(topicId)}/subscribers/{Uri.EscapeDataString(userId)}", null, null, cancellationToken);

    /// <summary>Sends to every subscriber; answers once the send is durable, while it fans out.</summary>
    public Task<TopicSendInfo> SendToTopicAsync(string topicId, FanOutNotification notification, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<TopicSendInfo>(HttpMethod.Post, $"v1/topics/{Uri.EscapeDataString(topicId)}/sends", notification, idempotencyKey ?? ClientRetries.NewIdempotencyKey(), cancellationToken);

    public Task<TopicSendInfo?> GetTopicSendAsync(string topicId, string sendId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<TopicSendInfo>($"v1/topics/{Uri.EscapeDataString(topicId)}/sends/{Uri.EscapeDataString(sendId)}", cancellationToken);

    /// <summary>How many users the filter matches now; sends nothing.</summary>
    public Task<AudienceCount> CountAudienceAsync(string filter, CancellationToken cancellationToken = default) =>
        SendJsonAsync<AudienceCount>(HttpMethod.Post, "v1/audiences/dry-run", new AudienceDryRun(filter), null, cancellationToken);

    /// <summary>Sends to every user the filter matches; answers once the send is durable, while the users are scanned.</summary>
    public Task<AudienceSendInfo> SendToAudienceAsync(string filter, FanOutNotification notification, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<AudienceSendInfo>(HttpMethod.Post, "v1/audiences/sends", new SendToAudience(filter, notification), idempotencyKey ?? ClientRetries.NewIdempotencyKey(), cancellationToken);

    public Task<AudienceSendInfo?> GetAudienceSendAsync(string sendId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<AudienceSendInfo>($"v1/audiences/sends/{Uri.EscapeDataString(sendId)}", cancellationToken);

    public Task<WorkflowInfo> PublishWorkflowAsync(string workflowId, PublishWorkflow workflow, CancellationToken cancellationToken = default) =>
        SendJsonAsync<WorkflowInfo>(HttpMethod.Put, $"v1/workflows/{Uri.EscapeDataString(workflowId)}", workflow, null, cancellationToken);

    /// <summary>A version of the workflow, the latest when <paramref name="version"/> is null; null when there is none.</summary>
    public Task<WorkflowInfo?> GetWorkflowAsync(string workflowId, int? version = null, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<WorkflowInfo>($"v1/workflows/{Uri.EscapeDataString(workflowId)}{(version is null ? "" : $"?version={version}")}", cancellationToken);

    /// <summary>What a run would do for the user and payload, each send rendered; nothing is sent.</summary>
    public Task<WorkflowDryRunResult> DryRunWorkflowAsync(string workflowId, WorkflowDryRun dryRun, CancellationToken cancellationToken = default) =>
        SendJsonAsync<WorkflowDryRunResult>(HttpMethod.Post, $"v1/workflows/{Uri.EscapeDataString(workflowId)}/dry-run", dryRun, null, cancellationToken);

    /// <summary>
    /// Reports an event; answers once the runs it starts are durable. Without an idempotency key one is made, so that
    /// the retries after a lost answer start nothing twice.
    /// </summary>
    public Task<EventAccepted> TriggerAsync(TriggerEvent trigger, CancellationToken cancellationToken = default) =>
        SendJsonAsync<EventAccepted>(HttpMethod.Post, "v1/events", trigger with { IdempotencyKey = trigger.IdempotencyKey ?? ClientRetries.NewIdempotencyKey() }, null, cancellationToken);

    public Task<WorkflowRunInfo?> GetWorkflowRunAsync(string runId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync<WorkflowRunInfo>($"v1/workflow-runs/{Uri.EscapeDataString(runId)}", cancellationToken);

    public Task<WorkflowRunInfo> CancelWorkflowRunAsync(string runId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<WorkflowRunInfo>(HttpMethod.Post, $"v1/workflow-runs/{Uri.EscapeDataString(runId)}/cancel", null, null, cancellationToken);

    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        using var response = await SendWithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(NotificationsJson.Options, cancellationToken);
    }

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(() =>
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: NotificationsJson.Options);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
            }

            return request;
        }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        if (typeof(T) == typeof(object))
        {
            return default!;
        }

        return (await response.Content.ReadFromJsonAsync<T>(NotificationsJson.Options, cancellationToken))!;
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            using var request = createRequest();
            if (settings.ApiKey is { Length: > 0 } key)
            {
                request.Headers.Authorization = new("Bearer", key);
            }

            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
                if (attempt >= settings.MaxRetries || !IsTransient(response.StatusCode))
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (attempt < settings.MaxRetries)
            {
            }

            var delay = response?.Headers.RetryAfter?.Delta
                ?? ClientRetries.Backoff(settings.RetryBaseDelay, attempt);
            response?.Dispose();
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ProblemBody? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemBody>(cancellationToken: cancellationToken);
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }

        throw new NotificationsApiException(response.StatusCode, problem?.Title ?? response.ReasonPhrase, problem?.Detail, problem?.Errors ?? []);
    }
}
