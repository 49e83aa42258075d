using System.Globalization;
using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>The message log: the tenant's notifications searched newest first, and a topic send's recipients.</summary>
internal static class MessageLogEndpoints
{
    public const int MaxLimit = 500;

    private static readonly Dictionary<string, NotificationStatus> Statuses =
        Enum.GetValues<NotificationStatus>().ToDictionary(s => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()), StringComparer.Ordinal);

    public static RouteGroupBuilder MapMessageLogEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/notifications", SearchAsync)
            .WithTags("Notifications")
            .WithSummary("Search the tenant's notifications, newest first")
            .WithDescription("Filters combine: user_id, status, channel, category, topic, and from/to on the accept time (ISO 8601, from inclusive, to exclusive). Page with next_cursor.")
            .Produces<NotificationLog>()
            .ProducesValidationProblem();
        v1.MapGet("/topics/{topicId}/sends/{sendId}/recipients", RecipientsAsync)
            .WithTags("Topics")
            .WithSummary("A topic send's recipients with where each stands, newest first")
            .Produces<NotificationLog>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> SearchAsync(HttpContext context, IGrainFactory grains, string? user_id = null, string? status = null, string? channel = null,
        string? category = null, string? topic = null, string? from = null, string? to = null, int limit = 50, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = Filter(user_id, status, channel, category, topic, from, to, errors);
        return await AnswerAsync(context, grains, filter, limit, cursor, errors);
    }

    private static async Task<IResult> RecipientsAsync(string topicId, string sendId, HttpContext context, IGrainFactory grains, string? status = null, int limit = 50, string? cursor = null)
    {
        var tenant = TenantFilter.TenantOf(context);
        if (!NotificationEndpoints.IsNotificationId(sendId) || await grains.GetGrain<ITopicSendGrain>(sendId).GetAsync(tenant) is not { } send || send.TopicId != topicId)
        {
            return Problems.NotFound($"Send '{sendId}' of topic '{topicId}'");
        }

        var errors = new Dictionary<string, string[]>();
        var filter = Filter(null, status, null, null, null, null, null, errors) with { FanOutId = sendId };
        return await AnswerAsync(context, grains, filter, limit, cursor, errors);
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, IGrainFactory grains, MessageLogFilter filter, int limit, string? cursor, Dictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"From 1 to {MaxLimit}."];
        }

        var after = MessageLogCursor.Parse(cursor);
        if (cursor is not null && after is null)
        {
            errors["cursor"] = ["A next_cursor from an earlier page."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var page = await grains.GetGrain<IMessageLogGrain>(TenantFilter.TenantOf(context)).SearchAsync(filter, after, limit);
        return Results.Ok(new NotificationLog([.. page.Rows.Select(ToContract)], page.Next?.ToString()));
    }

    private static MessageLogFilter Filter(string? userId, string? status, string? channel, string? category, string? topic, string? from, string? to, Dictionary<string, string[]> errors)
    {
        NotificationStatus? parsedStatus = null;
        if (status is not null)
        {
            if (Statuses.TryGetValue(status, out var known))
            {
                parsedStatus = known;
            }
            else
            {
                errors["status"] = [$"One of {string.Join(", ", Statuses.Keys)}."];
            }
        }

        return new MessageLogFilter(userId, parsedStatus, channel, category, topic, From: Instant(from, "from", errors), To: Instant(to, "to", errors));
    }

    private static DateTimeOffset? Instant(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        errors[field] = ["An ISO 8601 time, such as 2026-12-07T10:00:00Z."];
        return null;
    }

    private static NotificationSummary ToContract(MessageLogRow row) => new(
        row.NotificationId, row.UserId, ContractMapping.ToContract(row.Status), row.Channel, row.Category, ContractMapping.ToContract(row.Priority), row.Provider,
        row.Topic, row.FanOutId, row.AcceptedAt, row.UpdatedAt);
}
