using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class QuietHoursTests
{
    [Theory]
    [InlineData("22:00", "07:00", "2026-11-23T23:30", "2026-11-24T07:00")]
    [InlineData("22:00", "07:00", "2026-11-24T06:59", "2026-11-24T07:00")]
    [InlineData("22:00", "07:00", "2026-11-24T07:00", null)]
    [InlineData("22:00", "07:00", "2026-11-24T12:00", null)]
    [InlineData("13:00", "14:00", "2026-11-24T13:30", "2026-11-24T14:00")]
    [InlineData("13:00", "14:00", "2026-11-24T14:00", null)]
    public void The_window_holds_its_start_but_not_its_end_and_may_span_midnight(string start, string end, string now, string? endsAt)
    {
        var quiet = new QuietHours(TimeOnly.Parse(start), TimeOnly.Parse(end));

        Assert.Equal(endsAt is null ? null : DateTime.Parse(endsAt), quiet.EndOfWindowAt(DateTime.Parse(now)));
    }

    [Fact]
    public async Task In_the_users_quiet_hours_only_critical_notifications_go_out_and_the_rest_wait_for_the_morning_in_their_time_zone()
    {
        // 22:30 in Berlin (UTC+1 in November).
        var time = new JumpingTimeProvider(new DateTimeOffset(2026, 11, 23, 21, 30, 0, TimeSpan.Zero));
        await using var silo = await GrainsSilo.StartAsync(time);
        var user = silo.User("t", "uma");
        await user.UpdateAsync(new UserUpdate(TimeZone: "Europe/Berlin"));
        await user.UpdatePreferencesAsync(new PreferenceUpdate(QuietHours: new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0))));

        await silo.AcceptAsync("q1", new NotificationRequest("t", "uma", "Weekly digest", Priority: Priority.Low));
        await silo.AcceptAsync("q2", new NotificationRequest("t", "uma", "Your card was used abroad", Priority: Priority.Critical));
        var waiting = await silo.WaitForAsync("q1", NotificationStatus.Scheduled);
        await silo.WaitForAsync("q2", NotificationStatus.Delivered);
        time.Advance(waiting.NextAttemptAt!.Value - time.GetUtcNow());
        var delivered = await silo.WaitForAsync("q1", NotificationStatus.Delivered);

        // 07:00 in Berlin.
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), waiting.NextAttemptAt);
        Assert.Contains("quiet hours (22:00 to 07:00 in Europe/Berlin)", waiting.History[^1].Reason);
        Assert.InRange(delivered.DeliveredAt!.Value, new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 6, 1, 0, TimeSpan.Zero));
    }
}
