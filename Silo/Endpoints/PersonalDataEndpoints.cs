using System.Text.Json;
using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// Everything held about a user, exported as one JSON document or erased: the user's grain (contacts, devices,
/// attributes, preferences, topics), their inbox, and every notification sent to them, found through the user's
/// records (<see cref="IUserRecordsGrain"/>) and the logs of the sends to many over the pages of users they have been on.
/// </summary>
internal static class PersonalDataEndpoints
{
    public static RouteGroupBuilder MapPersonalDataEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/users").WithTags("Users");
        group.MapGet("/{userId}/export", ExportAsync)
            .WithSummary("Everything held about a user, as one JSON document")
            .WithDescription("The user with contacts, devices, attributes, preferences and topics; their inbox; every notification sent to them with its history. Streamed: notifications are read a page at a time.")
            .Produces<UserExport>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{userId}", DeleteAsync)
            .WithSummary("Erase a user: contacts, devices, attributes, preferences, topics, inbox, and what their notifications said")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task ExportAsync(string userId, HttpContext context, IGrainFactory grains)
    {
        var tenant = TenantFilter.TenantOf(context);
        var key = UserKey.For(tenant, userId);
        var profile = SendValidation.IsUserId(userId) ? await grains.GetGrain<IUserGrain>(key).GetAsync() : null;
        // A deleted user whose notifications have not been erased yet still has those to export; the logs an erased
        // user was on are not something held about them.
        var heldAbout = profile is { Exists: true }
            || (profile is not null && await grains.GetGrain<IUserRecordsGrain>(key).GetAsync() is { } records
                && (records.Recent.Any(r => r.Kind != UserRecordKind.SendLog) || records.SealedPages > 0));
        if (!heldAbout)
        {
            await Problems.NotFound($"User '{userId}'").ExecuteAsync(context);
            return;
        }

        var options = context.Json();
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{userId}.json\"";
        // Into the response's pipe: the serializer's flushes only hand it bytes, and the pipe goes out asynchronously.
        var body = context.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(body, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("exported_at", NotificationEndpoints.Now(context));
        json.WritePropertyName("user");
        JsonSerializer.Serialize(json, profile!.Exists ? ContractMapping.ToContract(profile) : null, options);
        json.WritePropertyName("inbox");
        json.WriteStartArray();
        string? cursor = null;
        do
        {
            var page = await grains.GetGrain<IInboxGrain>(key).ListAsync(InboxFilter.All, 100, cursor);
            foreach (var item in page.Items)
            {
                JsonSerializer.Serialize(json, ContractMapping.ToContract(item), options);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        json.WriteEndArray();
        json.WritePropertyName("notifications");
        json.WriteStartArray();
        await foreach (var ids in NotificationPagesAsync(grains, key, userId, context.RequestAborted))
        {
            foreach (var notification in await Task.WhenAll(ids.Select(id => grains.GetGrain<INotificationGrain>(id).GetAsync(tenant))))
            {
                if (notification is not null)
                {
                    JsonSerializer.Serialize(json, ContractMapping.ToContract(notification), options);
                }
            }

            await json.FlushAsync(context.RequestAborted);
            await body.FlushAsync(context.RequestAborted);
        }

        json.WriteEndArray();
        json.WritePropertyName("workflow_runs");
        json.WriteStartArray();
        foreach (var runId in await RunIdsAsync(grains, key))
        {
            if (await grains.GetGrain<IWorkflowRunGrain>(runId).GetAsync(tenant) is { } run)
            {
                JsonSerializer.Serialize(json, WorkflowEndpoints.ToContract(run), options);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
        await body.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// The workflow runs first (stopped, their events' payloads and digests erased), so that none sends anything more;
    /// the notifications next, while the user's addresses are still known to scrub from their histories; then the
    /// dead letters, the schedules that send to the user and the inbox; the user's grain last, so that a DELETE cut
    /// off midway can be repeated and finishes the job.
    /// </summary>
    private static async Task<IResult> DeleteAsync(string userId, HttpContext context, IGrainFactory grains)
    {
        var tenant = TenantFilter.TenantOf(context);
        var key = UserKey.For(tenant, userId);
        if (!SendValidation.IsUserId(userId))
        {
            return Problems.NotFound($"User '{userId}'");
        }

        var profile = await grains.GetGrain<IUserGrain>(key).GetAsync();
        var erased = 0;
        string[] addresses = [.. new[] { profile.Email, profile.Phone, profile.Webhook?.Url }.OfType<string>(), .. (profile.Devices ?? []).Select(d => d.Token)];
        // The runs first, so that none sends the user anything more while the rest is erased.
        foreach (var runId in await RunIdsAsync(grains, key))
        {
            erased += await grains.GetGrain<IWorkflowRunGrain>(runId).EraseAsync(tenant) ? 1 : 0;
        }

        var logs = new List<string>();
        await foreach (var ids in NotificationPagesAsync(grains, key, userId, context.RequestAborted, logs))
        {
            erased += (await Task.WhenAll(ids.Select(id => grains.GetGrain<INotificationGrain>(id).EraseAsync(tenant, addresses)))).Count(e => e);
        }

        var records = grains.GetGrain<IUserRecordsGrain>(key);
        await records.ClearAsync();
        // A batch routed to the user before now logs itself on their directory page once delivered, which may be after
        // that log was read here, and the user's grain is about to forget the page: their records keep the logs read.
        await Task.WhenAll(logs.Select(log => records.AddAsync(new UserRecord(UserRecordKind.SendLog, log))));
        await grains.GetGrain<IDeadLetterGrain>(tenant).ForgetUserAsync(userId);
        var schedules = await grains.GetGrain<IRecurringSchedulesGrain>(tenant).ForgetUserAsync(userId);
        if (!profile.Exists && erased == 0 && schedules == 0)
        {
            return Problems.NotFound($"User '{userId}'");
        }

        await grains.GetGrain<IInboxGrain>(key).ClearAsync();
        await grains.GetGrain<IUserGrain>(key).DeleteAsync();
        return Results.NoContent();
    }

    /// <summary>The workflow runs for the user, from the user's records.</summary>
    private static async Task<IReadOnlyList<string>> RunIdsAsync(IGrainFactory grains, string userKey)
    {
        var held = await grains.GetGrain<IUserRecordsGrain>(userKey).GetAsync();
        var records = new List<UserRecord>();
        for (var page = held.FirstPage; page < held.SealedPages; page++)
        {
            records.AddRange(await grains.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(userKey, page)).GetAsync());
        }

        return [.. records.Concat(held.Recent).Where(r => r.Kind == UserRecordKind.WorkflowRun).Select(r => r.Key).Distinct()];
    }

    /// <summary>
    /// The user's notifications a page of records at a time, oldest first in each log: those in the user's records (a
    /// notification with a record of its own, a waiting batch's page), then those of the sends to many and the batches
    /// over the pages of users they have been on (<see cref="IUserGrain.SendLogsAsync"/>), each fan-out page naming its
    /// own recipients; and those of the logs an erased user's records point to. A notification recorded twice, as one
    /// whose grain has since made a record of its own may be, comes once. <paramref name="logsRead"/>, if given, gets
    /// the logs read besides the user's records.
    /// </summary>
    private static async IAsyncEnumerable<IReadOnlyList<string>> NotificationPagesAsync(
        IGrainFactory grains, string userKey, string userId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken,
        List<string>? logsRead = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        async Task<IReadOnlyList<string>> NotificationsInAsync(IReadOnlyList<UserRecord> records)
        {
            var fanOut = await Task.WhenAll(records.Where(r => r.Kind == UserRecordKind.FanOutPage && r.MayHold(userId))
                .Select(r => grains.GetGrain<IFanOutPageGrain>(r.Key).NotificationsOfAsync(userId)));
            return [.. records.Where(r => r.Kind == UserRecordKind.Notification).Select(r => r.Key).Concat(fanOut.SelectMany(ids => ids)).Where(seen.Add)];
        }

        List<string> logs = [userKey, .. await grains.GetGrain<IUserGrain>(userKey).SendLogsAsync()];
        void Follow(IReadOnlyList<UserRecord> records)
        {
            foreach (var record in records)
            {
                if (record.Kind == UserRecordKind.SendLog && !logs.Contains(record.Key))
                {
                    logs.Add(record.Key);
                }
            }
        }

        for (var i = 0; i < logs.Count; i++)
        {
            var log = logs[i];
            if (i > 0)
            {
                logsRead?.Add(log);
            }

            var held = await grains.GetGrain<IUserRecordsGrain>(log).GetAsync();
            for (var page = held.FirstPage; page < held.SealedPages; page++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sealedRecords = await grains.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(log, page)).GetAsync();
                Follow(sealedRecords);
                var ids = await NotificationsInAsync(sealedRecords);
                if (ids.Count > 0)
                {
                    yield return ids;
                }
            }

            Follow(held.Recent);
            var recent = await NotificationsInAsync(held.Recent);
            if (recent.Count > 0)
            {
                yield return recent;
            }
        }
    }
}
