using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Grains;
using Notifications.Storage;
using Notifications.Testing;
using Orleans;
using Orleans.Storage;
using Orleans.Runtime;

namespace Notifications.Silo.Tests;

public sealed class DirectoryBackfillTests
{
    [Fact]
    public async Task A_store_written_before_the_directories_has_its_users_topics_and_records_found_after_the_upgrade()
    {
        await using var factory = new SiloFactory();
        var now = DateTimeOffset.UtcNow;
        var sendId = Guid.NewGuid().ToString("N");
        var fannedOut = FanOutNotificationId.For(sendId, 0, "old-amy");
        await WriteAsBeforeAsync(factory.DatabasePath, async storage =>
        {
            // What the build before the directories stored: a user with no place in any directory, a topic no list names,
            // a notification and a fan-out page that no user's records hold.
            await WriteAsync(storage, "user", "default/old-amy", "user", new UserGrainState
            {
                Email = "amy@example.org",
                Attributes = new() { ["plan"] = JsonDocument.Parse("\"pro\"").RootElement },
            });
            await WriteAsync(storage, "topic", "default/old-news", "topic", new TopicGrainState { Definition = new TopicDefinition("Old news", null, null, now) });
            var request = new NotificationRequest("default", "old-amy", "Stored before", Channel: "log");
            await WriteAsync(storage, "notification", "old-n1", NotificationGrainState.Name, new NotificationGrainState
            {
                Request = request,
                RequestHash = "h",
                Status = NotificationStatus.Delivered,
                AcceptedAt = now,
                History = [new NotificationTransition(NotificationStatus.Accepted, now, null, 0, null), new NotificationTransition(NotificationStatus.Delivered, now, "log", 1, null)],
            });
            await WriteAsync(storage, "fanoutpage", FanOutNotificationId.Page(sendId, 0), FanOutPageGrainState.Name, new FanOutPageGrainState
            {
                Request = request with { Message = "Fanned out before", FanOutId = sendId },
                RequestHash = "h",
                AcceptedAt = now,
                Started = true,
                Completed = true,
                Notifications = 1,
                Entries = [new FanOutPageEntry(fannedOut, "old-amy", "log", Priority.Normal, NotificationStatus.Delivered, now, now, now, SentOn: "log")],
            });
        });
        using var http = factory.CreateClient();

        JsonElement audience = default, topics = default, export = default;
        await Eventually.TrueAsync(async () =>
        {
            audience = await (await http.PostAsJsonAsync("/v1/audiences/dry-run", new { filter = "plan == \"pro\"" })).Content.ReadFromJsonAsync<JsonElement>();
            topics = await http.GetFromJsonAsync<JsonElement>("/v1/topics");
            export = await http.GetFromJsonAsync<JsonElement>("/v1/users/old-amy/export");
            return export.GetProperty("notifications").GetArrayLength() == 2 && audience.GetProperty("matched").GetInt64() == 1 && topics.GetProperty("items").GetArrayLength() == 1;
        }, "the backfill to list the user and the topic and record both notifications");
        var deleted = await http.DeleteAsync("/v1/users/old-amy");
        var erased = await http.GetNotificationAsync("old-n1");
        var erasedFannedOut = await http.GetNotificationAsync(fannedOut);

        Assert.Equal("old-news", topics.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(new[] { "old-n1", fannedOut }.Order(StringComparer.Ordinal), export.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(("", ""), (erased.GetProperty("message").GetString(), erasedFannedOut.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_user_subscribed_before_topic_places_were_kept_keeps_a_topic_send_in_their_export_after_leaving_the_topic()
    {
        await using var factory = new SiloFactory();
        var now = DateTimeOffset.UtcNow;
        var incarnation = Guid.NewGuid();
        await WriteAsBeforeAsync(factory.DatabasePath, async storage =>
        {
            // What the build before places stored: the subscription in Topics only.
            await WriteAsync(storage, "user", "default/old-bo", "user", new UserGrainState { Incarnation = incarnation, Topics = new() { ["old-news"] = 0 } });
            await WriteAsync(storage, "topic", "default/old-news", "topic", new TopicGrainState
            {
                Definition = new TopicDefinition("Old news", null, null, now),
                SubscriberCount = 1,
                Pages = 1,
                LastPageFill = 1,
            });
            await WriteAsync(storage, "topicpage", "default/old-news/0", "topic-page", new TopicPageGrainState
            {
                Subscribers = [new TopicSubscription("old-bo", "log", null, now, incarnation)],
            });
        });
        using var http = factory.CreateClient();

        var accepted = await http.PostAsJsonAsync("/v1/topics/old-news/sends", new { message = "Sent to an old subscriber" });
        var sendId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var recipient = await http.GetFromJsonAsync<JsonElement>($"/v1/topics/old-news/sends/{sendId}/recipients/old-bo");
        var delivered = await http.WaitForStatusAsync(recipient.GetProperty("id").GetString()!, "delivered");
        var left = await http.DeleteAsync("/v1/topics/old-news/subscribers/old-bo");
        var export = await http.GetFromJsonAsync<JsonElement>("/v1/users/old-bo/export");

        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.True(left.IsSuccessStatusCode);
        Assert.Equal([delivered.GetProperty("id").GetString()], export.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    private static async Task WriteAsBeforeAsync(string databasePath, Func<IGrainStorage, Task> write)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        await File.WriteAllBytesAsync(Path.Combine(Path.GetDirectoryName(databasePath)!, "storage.key"), key);
        await using var sqlite = new SqliteGrainStorage(Options.Create(new SqliteStorageOptions { Path = databasePath }), NullLogger<SqliteGrainStorage>.Instance, TimeProvider.System);
        using var protector = new AesGcmStateProtector(key);
        await write(new EncryptedGrainStorage(sqlite, protector));
    }

    private static Task WriteAsync<T>(IGrainStorage storage, string grainType, string key, string stateName, T state) =>
        storage.WriteStateAsync(stateName, GrainId.Create(grainType, key), new GrainState<T>(state));
}
