using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class TemplateTests : IAsyncLifetime
{
    private readonly SiloFactory _silo = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        var published = await _http.PutAsJsonAsync("/v1/templates/order-shipped", new
        {
            locales = new Dictionary<string, object>
            {
                ["default"] = new
                {
                    title = "Order {{data.order_id}} shipped",
                    body = "Hi {{user.first_name}}, your order {{data.order_id}} is on its way.{{#if data.tracking}} Track it: {{data.tracking}}{{/if}}",
                    sms = "Order {{data.order_id}} shipped{{#if data.tracking}}: {{data.tracking}}{{/if}}",
                    html = "<p>Hi {{user.first_name}}, order <b>{{data.order_id}}</b> is on its way.</p>",
                },
                ["de"] = new
                {
                    title = "Bestellung {{data.order_id}} versandt",
                    body = "Hallo {{user.first_name}}, deine Bestellung {{data.order_id}} ist unterwegs.",
                },
            },
        });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        (await _http.PutAsJsonAsync("/v1/users/max", new { language = "de-AT", attributes = new { first_name = "Max" } })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/users/ann", new { language = "fr", attributes = new { first_name = "Ann" } })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/users/nobody", new { language = "en" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_templated_send_is_rendered_in_the_users_locale_falling_back_from_region_to_language_to_default()
    {
        var toMax = await _http.SendNotificationAsync(new { user_id = "max", template = "order-shipped", channel = "inapp", data = new { order_id = "A-42" } });
        var toAnn = await _http.SendNotificationAsync(new { user_id = "ann", template = "order-shipped", channel = "inapp", data = new { order_id = "B-7", tracking = "https://t.example/B7" } });
        await _http.WaitForStatusAsync(toMax, "delivered");
        var ann = await _http.WaitForStatusAsync(toAnn, "delivered");

        var maxInbox = await _http.GetFromJsonAsync<JsonElement>("/v1/users/max/inbox");
        var annInbox = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ann/inbox");

        Assert.Equal("Bestellung A-42 versandt", maxInbox.GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal("Hallo Max, deine Bestellung A-42 ist unterwegs.", maxInbox.GetProperty("items")[0].GetProperty("message").GetString());
        Assert.Equal("Order B-7 shipped", annInbox.GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal("Hi Ann, your order B-7 is on its way. Track it: https://t.example/B7", annInbox.GetProperty("items")[0].GetProperty("message").GetString());
        Assert.Equal(("order-shipped", 1), (ann.GetProperty("template").GetString(), ann.GetProperty("template_version").GetInt32()));
    }

    [Fact]
    public async Task A_missing_variable_is_a_400_at_send_time_that_names_it()
    {
        var noData = await _http.PostAsJsonAsync("/v1/notifications", new { user_id = "ann", template = "order-shipped", channel = "inapp" });
        var noTemplate = await _http.PostAsJsonAsync("/v1/notifications", new { user_id = "ann", template = "no-such-template", channel = "inapp" });
        var batch = await _http.PostAsJsonAsync("/v1/notifications/batch", new
        {
            notifications = new object[]
            {
                new { user_id = "ann", template = "order-shipped", channel = "inapp", data = new { order_id = "D-1" } },
                new { user_id = "ann", template = "order-shipped", channel = "inapp" },
            },
        });

        var errors = (await noData.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(HttpStatusCode.BadRequest, noData.StatusCode);
        Assert.Contains("{{data.order_id}}", errors.GetProperty("data.order_id")[0].GetString());
        var withoutName = await _http.PostAsJsonAsync("/v1/notifications", new { user_id = "nobody", template = "order-shipped", channel = "inapp", data = new { order_id = "C-2" } });
        Assert.Equal(HttpStatusCode.BadRequest, withoutName.StatusCode);
        Assert.Contains("user 'nobody' has no attribute 'first_name'", (await withoutName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("user.first_name")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noTemplate.StatusCode);
        Assert.True((await noTemplate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("template", out _));
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        Assert.True((await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("notifications[1].data.order_id", out _));
    }

    [Fact]
    public async Task A_send_keeps_the_version_it_was_accepted_with_and_can_name_an_older_one()
    {
        var republished = await _http.PutAsJsonAsync("/v1/templates/greeting", new { locales = new { @default = new { body = "Version one for {{user.id}}" } } });
        await _http.PutAsJsonAsync("/v1/templates/greeting", new { locales = new { @default = new { body = "Version two for {{user.id}}" } } });
        var latest = await _http.SendNotificationAsync(new { user_id = "ann", template = "greeting", channel = "inapp" });
        var pinned = await _http.SendNotificationAsync(new { user_id = "ann", template = "greeting", template_version = 1, channel = "inapp" });
        await _http.WaitForStatusAsync(latest, "delivered");
        await _http.WaitForStatusAsync(pinned, "delivered");
        var inbox = await _http.GetFromJsonAsync<JsonElement>("/v1/users/ann/inbox?filter=all");
        var listed = await _http.GetFromJsonAsync<JsonElement>("/v1/templates");
        var versionOne = await _http.GetFromJsonAsync<JsonElement>("/v1/templates/greeting?version=1");

        Assert.Equal(1, (await republished.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var messages = inbox.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("notification_id").GetString()!, i => i.GetProperty("message").GetString());
        Assert.Equal("Version two for ann", messages[latest]);
        Assert.Equal("Version one for ann", messages[pinned]);
        Assert.Contains(listed.EnumerateArray(), t => t.GetProperty("id").GetString() == "greeting" && t.GetProperty("latest_version").GetInt32() == 2);
        Assert.Equal("Version one for {{user.id}}", versionOne.GetProperty("locales").GetProperty("default").GetProperty("body").GetString());
    }

    [Fact]
    public async Task The_preview_renders_every_channel_and_names_what_a_send_would_lack()
    {
        var forMax = await _http.PostAsJsonAsync("/v1/templates/order-shipped/preview", new { user_id = "max", data = new { order_id = "<A&B>" } });
        var forNobody = await _http.PostAsJsonAsync("/v1/templates/order-shipped/preview", new { locale = "en-US", data = new { } });

        var max = await forMax.Content.ReadFromJsonAsync<JsonElement>();
        var nobody = await forNobody.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("de", max.GetProperty("locale").GetString());
        Assert.Equal("Bestellung <A&B> versandt", max.GetProperty("channels").GetProperty("push").GetProperty("title").GetString());
        Assert.Equal("Bestellung <A&B> versandt", max.GetProperty("channels").GetProperty("email").GetProperty("subject").GetString());
        Assert.Empty(max.GetProperty("missing").EnumerateObject());
        Assert.Equal("default", nobody.GetProperty("locale").GetString());
        Assert.Equal("Order  shipped", nobody.GetProperty("channels").GetProperty("sms").GetProperty("body").GetString());
        Assert.Contains("<b></b>", nobody.GetProperty("channels").GetProperty("email").GetProperty("html").GetString());
        Assert.Equal(["data.order_id", "user.first_name"], nobody.GetProperty("missing").EnumerateObject().Select(p => p.Name).Order());
        var annHtml = await _http.PostAsJsonAsync("/v1/templates/order-shipped/preview", new { user_id = "ann", data = new { order_id = "<A&B>" } });
        Assert.Contains("<b>&lt;A&amp;B&gt;</b>", (await annHtml.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channels").GetProperty("email").GetProperty("html").GetString());
    }

    [Fact]
    public async Task A_template_without_a_default_or_with_broken_syntax_is_refused()
    {
        var noDefault = await _http.PutAsJsonAsync("/v1/templates/broken", new { locales = new { de = new { body = "Hallo" } } });
        var badSyntax = await _http.PutAsJsonAsync("/v1/templates/broken", new { locales = new { @default = new { body = "Hi {{#if user.vip}}VIP" } } });

        Assert.Equal(HttpStatusCode.BadRequest, noDefault.StatusCode);
        Assert.True((await noDefault.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("locales.default", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badSyntax.StatusCode);
        Assert.True((await badSyntax.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("locales.default.body", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/v1/templates/broken")).StatusCode);
    }

    [Fact]
    public async Task A_preview_that_would_loop_for_hours_over_a_users_data_is_refused_with_the_reason()
    {
        (await _http.PutAsJsonAsync("/v1/users/loops", new { attributes = new { list = new int[8_191] } })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/v1/templates/cube", new { locales = new { @default = new { body = "{{#each user.list}}{{#each ../user.list}}{{#each ../../user.list}}{{/each}}{{/each}}{{/each}}" } } })).EnsureSuccessStatusCode();

        var preview = await _http.PostAsJsonAsync("/v1/templates/cube/preview", new { user_id = "loops" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, preview.StatusCode);
        Assert.Contains("loops more than", (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
