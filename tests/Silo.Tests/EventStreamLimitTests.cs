using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class EventStreamLimitTests
{
    [Fact]
    public async Task Event_streams_are_capped_per_caller_and_in_all_and_a_closed_one_frees_its_slot()
    {
        await using var silo = new SiloFactory(new()
        {
            ["Notifications:Limits:MaxEventStreamsPerCaller"] = "2",
            ["Notifications:Limits:MaxEventStreams"] = "3",
        });
        var http = silo.CreateClient();
        var token = (await (await http.PostAsync("/v1/users/ivy/inbox/token", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var inboxPath = $"/v1/users/ivy/inbox/stream?access_token={Uri.EscapeDataString(token)}";

        var first = await OpenAsync(http, "/v1/stats/stream");
        var second = await OpenAsync(http, "/v1/stats/stream");
        using var thirdForTheTenant = await OpenAsync(http, "/v1/stats/stream");
        // Another caller (the user of an inbox token) has slots of its own, up to the silo's three.
        using var inbox = await OpenAsync(http, inboxPath);
        using var pastTheSilosLimit = await OpenAsync(http, inboxPath);
        first.Dispose();
        HttpResponseMessage? again = null;
        await Eventually.TrueAsync(async () =>
        {
            again?.Dispose();
            again = await OpenAsync(http, "/v1/stats/stream");
            return again.StatusCode == HttpStatusCode.OK;
        }, "the closed stream's slot to be free again");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, thirdForTheTenant.StatusCode);
        Assert.Equal("application/problem+json", thirdForTheTenant.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, pastTheSilosLimit.StatusCode);
        again!.Dispose();
        second.Dispose();
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient http, string path) =>
        http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
}
