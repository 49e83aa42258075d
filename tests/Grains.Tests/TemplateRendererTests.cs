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
}
