namespace Notifications.Grains.Tests;

public sealed class TemplatesGrainTests
{
    private static readonly Dictionary<string, TemplateContent> Hello = new() { ["default"] = new TemplateContent("Hello") };

    [Fact]
    public async Task The_latest_versions_are_kept_numbered_on_and_a_send_pinned_to_a_dropped_one_fails_saying_so()
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var templates = silo.Client.GetGrain<ITemplatesGrain>("t");
        for (var i = 0; i < TemplateLimits.VersionsKept + 5; i++)
        {
            await templates.PublishAsync("welcome", Hello);
        }

        var latest = await templates.GetAsync("welcome", null);
        var dropped = await templates.GetAsync("welcome", 5);
        var oldestKept = await templates.GetAsync("welcome", 6);
        await silo.AcceptAsync("pinned", new NotificationRequest("t", "u", "", Channel: "inapp", TemplateId: "welcome", TemplateVersion: 1));
        var failed = await silo.WaitForAsync("pinned", NotificationStatus.Failed);

        Assert.Equal(TemplateLimits.VersionsKept + 5, latest!.Version);
        Assert.Null(dropped);
        Assert.Equal(6, oldestKept!.Version);
        Assert.Contains("version 1 is no longer kept", failed.History[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts);
    }

    [Fact]
    public async Task A_tenant_cannot_have_more_templates_than_the_limit_but_may_still_change_those_it_has()
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var templates = silo.Client.GetGrain<ITemplatesGrain>("t");
        for (var i = 0; i < TemplateLimits.MaxTemplates; i++)
        {
            Assert.NotNull(await templates.PublishAsync($"t{i}", Hello));
        }

        Assert.Null(await templates.PublishAsync("one-more", Hello));
        Assert.Equal(2, (await templates.PublishAsync("t0", Hello))!.Version);
    }
}
