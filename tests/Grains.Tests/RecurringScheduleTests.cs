using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class RecurringScheduleTests : IDisposable
{
    // A Sunday, noon UTC; Berlin is at UTC+1 in November.
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayNineInBerlin = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("recurring-").FullName;

    [Fact]
    public async Task A_daily_schedule_sends_at_each_occurrence_in_its_time_zone_and_can_be_paused_resumed_and_deleted()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time);
        var schedules = silo.Client.GetGrain<IRecurringSchedulesGrain>("t");

        var created = await schedules.CreateAsync("0 9 * * *", "Europe/Berlin", new NotificationRequest("t", "ann", "Daily digest"));
        Assert.Equal(MondayNineInBerlin, created.NextOccurrence);

        time.Advance(MondayNineInBerlin - Start);
        await Eventually.TrueAsync(async () => (await schedules.GetAsync(created.Id))!.Occurrences == 1, "the first occurrence");
        var first = (await schedules.GetAsync(created.Id))!;
        await silo.WaitForAsync(first.LastNotificationId!, NotificationStatus.Delivered);
        Assert.Equal($"{created.Id}-{MondayNineInBerlin.ToUnixTimeSeconds()}", first.LastNotificationId);
        Assert.Equal(MondayNineInBerlin.AddDays(1), first.NextOccurrence);

        var paused = (await schedules.SetPausedAsync(created.Id, paused: true))!;
        time.Advance(TimeSpan.FromDays(2));
        await Task.Delay(100);
        Assert.Null(paused.NextOccurrence);
        Assert.Equal(1, (await schedules.GetAsync(created.Id))!.Occurrences);

        var resumed = (await schedules.SetPausedAsync(created.Id, paused: false))!;
        Assert.Equal(MondayNineInBerlin.AddDays(3), resumed.NextOccurrence);
        time.Advance(TimeSpan.FromDays(1));
        await Eventually.TrueAsync(async () => (await schedules.GetAsync(created.Id))!.Occurrences == 2, "the occurrence after resuming");

        Assert.True(await schedules.DeleteAsync(created.Id));
        time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(100);
        Assert.Empty(await schedules.ListAsync());
        Assert.Null(await schedules.SetPausedAsync(created.Id, paused: true));
    }

    [Fact]
    public async Task Each_occurrence_follows_the_category_policy_of_its_time()
    {
        var time = new JumpingTimeProvider(Start);
        await using var silo = await GrainsSilo.StartAsync(time);
        var schedules = silo.Client.GetGrain<IRecurringSchedulesGrain>("t");
        await silo.Client.GetGrain<IUserGrain>(UserKey.For("t", "cy")).UpdatePreferencesAsync(new PreferenceUpdate(Categories: new Dictionary<string, bool> { ["security"] = false }));
        var created = await schedules.CreateAsync("0 9 * * *", "Europe/Berlin", new NotificationRequest("t", "cy", "Weekly security report", Category: "security"));

        time.Advance(MondayNineInBerlin - Start);
        await Eventually.TrueAsync(async () => (await schedules.GetAsync(created.Id))!.Occurrences == 1, "the first occurrence");
        var optedOut = await silo.WaitForAsync((await schedules.GetAsync(created.Id))!.LastNotificationId!, NotificationStatus.Suppressed);
        // Made critical after the schedule was created: the next occurrence bypasses the opt-out.
        await silo.Client.GetGrain<ICategoriesGrain>("t").SetAsync("security", "Sign-ins", new CategoryPolicy(Critical: true));
        time.Advance(TimeSpan.FromDays(1));
        await Eventually.TrueAsync(async () => (await schedules.GetAsync(created.Id))!.Occurrences == 2, "the second occurrence");
        var critical = await silo.WaitForAsync((await schedules.GetAsync(created.Id))!.LastNotificationId!, NotificationStatus.Delivered);

        Assert.Contains("opted out", optedOut.History[^1].Reason);
        Assert.True(critical.Request.CategoryPolicy!.Critical);
    }

    [Fact]
    public async Task A_schedule_survives_a_restart_and_sends_only_the_latest_occurrence_it_missed()
    {
        var time = new JumpingTimeProvider(Start);
        var path = Path.Combine(_directory, "recurring.db");
        string id;
        await using (var first = await GrainsSilo.StartAsync(time, sqlitePath: path))
        {
            id = (await first.Client.GetGrain<IRecurringSchedulesGrain>("t").CreateAsync("0 9 * * *", "Europe/Berlin", new NotificationRequest("t", "bo", "Digest"))).Id;
        }

        // Down over three occurrences.
        time.Advance(MondayNineInBerlin.AddDays(2).AddHours(1) - Start);
        await using var second = await GrainsSilo.StartAsync(time, sqlitePath: path);
        var schedules = second.Client.GetGrain<IRecurringSchedulesGrain>("t");
        // Orleans fires a reminder whose time passed while no silo ran at its next period: within RefireInterval.
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(async () => (await schedules.GetAsync(id))!.Occurrences == 1, "the missed occurrence");
        await Task.Delay(100);

        var schedule = (await schedules.GetAsync(id))!;
        Assert.Equal(1, schedule.Occurrences);
        Assert.Equal(MondayNineInBerlin.AddDays(2), schedule.LastOccurrence);
        Assert.Equal(MondayNineInBerlin.AddDays(3), schedule.NextOccurrence);
        await second.WaitForAsync(schedule.LastNotificationId!, NotificationStatus.Delivered);
    }

    [Fact]
    public void Occurrences_follow_daylight_saving_changes()
    {
        // Berlin springs forward on 28 March 2027 at 02:00 and falls back on 25 October 2026 at 03:00.
        var beforeSpring = new DateTimeOffset(2027, 3, 27, 12, 0, 0, TimeSpan.Zero);
        var beforeFall = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero);

        // 02:30 does not exist that night: it is moved forward by the gap, to 03:30 CEST.
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), CronRecurrence.NextAfter("30 2 * * *", "Europe/Berlin", beforeSpring));
        // 02:30 happens twice: the first one, still CEST.
        var fall = CronRecurrence.NextAfter("30 2 * * *", "Europe/Berlin", beforeFall);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), fall);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), CronRecurrence.NextAfter("30 2 * * *", "Europe/Berlin", fall));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), CronRecurrence.NextAfter("0 9 * * 1-5", "America/New_York", Start));
        Assert.False(CronRecurrence.IsValid("every day"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
