using Microsoft.AspNetCore.Http;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class WebhookStreakTests
{
    [Fact]
    public async Task An_endpoint_every_delivery_fails_at_for_five_days_is_disabled_and_its_notifications_are_suppressed()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = _ => StatusCodes.Status503ServiceUnavailable;
        await using var silo = await GrainsSilo.StartAsync(time);
        var user = silo.User("t", "eve");
        await user.UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        var start = time.GetUtcNow();
        await silo.AcceptAsync("e1", new NotificationRequest("t", "eve", "First"));
        await silo.WaitForAsync("e1", NotificationStatus.Scheduled);
        var failing = (await user.GetAsync()).Webhook!;
        time.Advance(TimeSpan.FromDays(5));
        // Either e1's retry, due now, or e2's first attempt is the failure that disables the endpoint.
        await silo.AcceptAsync("e2", new NotificationRequest("t", "eve", "Five days on"));
        await silo.AdvanceUntilAsync(time, "e2", NotificationStatus.Suppressed, TimeSpan.FromMinutes(1));
        var e2 = await silo.WaitForAsync("e2", NotificationStatus.Suppressed);
        var disabled = (await user.GetAsync()).Webhook!;
        var again = await user.UpdateAsync(new UserUpdate(WebhookUrl: sink.Url));

        Assert.False(failing.Disabled);
        Assert.InRange(failing.FailingSince!.Value, start, start.AddSeconds(30));
        Assert.True(disabled.Disabled);
        Assert.Contains("5 days", disabled.DisabledBecause);
        Assert.Contains("disabled", e2.History[^1].Reason);
        // Set again, the endpoint is the user's word that it works.
        Assert.Equal((false, null), (again.Webhook!.Disabled, again.Webhook.FailingSince));
    }

    [Fact]
    public async Task A_delivery_that_goes_through_ends_the_run_of_failures()
    {
        var time = new JumpingTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await WebhookSink.StartAsync();
        sink.Respond = arrival => arrival == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await using var silo = await GrainsSilo.StartAsync(time);
        var user = silo.User("t", "fay");
        await user.UpdateAsync(new UserUpdate(WebhookUrl: sink.Url, WebhookSecret: sink.Secret));

        await silo.AcceptAsync("f1", new NotificationRequest("t", "fay", "Flaky"));
        await silo.WaitForAsync("f1", NotificationStatus.Scheduled);
        var failing = (await user.GetAsync()).Webhook!;
        await silo.AdvanceUntilAsync(time, "f1", NotificationStatus.Delivered);
        await silo.WaitForAsync("f1", NotificationStatus.Delivered);
        var recovered = (await user.GetAsync()).Webhook!;

        Assert.NotNull(failing.FailingSince);
        Assert.Equal((false, null), (recovered.Disabled, recovered.FailingSince));
    }
}
