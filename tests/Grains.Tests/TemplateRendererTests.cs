namespace Notifications.Grains.Tests;

public sealed class TemplateRendererTests
{
    private static readonly TemplateContent Content = new(
        Body: "Hi {{user.first_name}}, order {{data.order_id}}.{{#if data.coupon}} Use {{data.coupon}}.{{/if}}",
        Sms: "Order {{data.order_id}}");

    [Fact]
    public void Only_the_fields_a_channel_uses_count_and_variables_inside_blocks_may_be_missing()
    {
        var renderer = new TemplateRenderer();
        var context = TemplateRenderer.Context("u1", "en", null, new Dictionary<string, string> { ["order_id"] = "7" });

        var forSms = renderer.Missing(Content, [ChannelNames.Sms], context);
        var forPush = renderer.Missing(Content, [ChannelNames.Push], context);
        var sms = renderer.Render(Content, ChannelNames.Sms, context);
        var voice = renderer.Render(Content, ChannelNames.Voice, context);

        // The SMS has a text of its own and never shows the body: a user without a name can be texted.
        Assert.Empty(forSms);
        Assert.Equal([("user.first_name", "body")], forPush);
        Assert.Equal("Order 7", sms.Body);
        Assert.Equal("Order 7", voice.Body);
    }

    [Theory]
    [InlineData("{{#each user.list}}{{#each ../user.list}}{{#each ../../user.list}}{{/each}}{{/each}}{{/each}}", "loops more than")]
    [InlineData("{{#each user.list}}{{#each ../user.list}}{{this}}{{/each}}{{/each}}", "more than")]
    [InlineData("{{#each user.text}}{{#each ../user.text}}{{#each ../../user.text}}{{/each}}{{/each}}{{/each}}", "")]
    public void Rendering_a_template_over_long_lists_stops_at_its_budget_instead_of_running_for_hours(string body, string reason)
    {
        var renderer = new TemplateRenderer();
        // An attribute of 8,191 items stays under the 16 KiB users are allowed: three loops over it are 5.5e11 turns.
        var attributes = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["list"] = System.Text.Json.JsonSerializer.SerializeToElement(new int[8_191]),
            ["text"] = System.Text.Json.JsonSerializer.SerializeToElement(new string('x', 8_191)),
        };
        var context = TemplateRenderer.Context("u1", "en", attributes, null);

        var render = () => renderer.Render(new TemplateContent(Body: body), ChannelNames.Push, context);

        if (reason.Length > 0)
        {
            Assert.Contains(reason, Assert.Throws<TemplateRenderLimitException>(render).Message);
        }
        else
        {
            // A string is one value, not a list of characters: nothing to loop over.
            Assert.Equal("", render().Body);
        }
    }

    [Fact]
    public void Loops_over_objects_count_against_the_budget_as_loops_over_lists_do()
    {
        var renderer = new TemplateRenderer();
        var data = Enumerable.Range(0, 64).ToDictionary(i => $"k{i}", i => "v");
        var context = TemplateRenderer.Context("u1", "en", null, data);
        const string sixDeep = "{{#each data}}{{#each ../data}}{{#each ../../data}}{{#each ../../../data}}{{#each ../../../../data}}{{#each ../../../../../data}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}";

        var tooCostly = Assert.Throws<TemplateRenderLimitException>(() => renderer.Render(new TemplateContent(Body: sixDeep), ChannelNames.Push, context));
        var afterwards = renderer.Render(new TemplateContent(Body: "{{#each data}}{{@key}}{{/each}} {{#if user.tags.length}}tagged{{/if}}"), ChannelNames.Push,
            TemplateRenderer.Context("u1", "en", new Dictionary<string, System.Text.Json.JsonElement> { ["tags"] = System.Text.Json.JsonSerializer.SerializeToElement(new[] { "a" }) }, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));

        Assert.Contains("loops more than", tooCostly.Message);
        Assert.Equal("ab tagged", afterwards.Body);
    }

    [Fact]
    public void A_render_nobody_waits_for_any_more_stops()
    {
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        var attributes = new Dictionary<string, System.Text.Json.JsonElement> { ["list"] = System.Text.Json.JsonSerializer.SerializeToElement(new int[10]) };
        var context = TemplateRenderer.Context("u1", "en", attributes, null, cancellationToken: gone.Token);

        Assert.Throws<OperationCanceledException>(() => new TemplateRenderer().Render(new TemplateContent(Body: "{{#each user.list}}.{{/each}}"), ChannelNames.Push, context));
    }
}
