using Notifications.Testing;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// What the OpenAPI document leaves out (providers' callbacks, tracking and unsubscribe links) is fuzzed too, for
/// the one thing it must do with made-up input: refuse it with a 4xx, never a 2xx nor a 5xx.
/// </summary>
public sealed class UndocumentedEndpointFuzzTests() : SiloWithSink(new()
{
    // A Twilio provider with an auth token, so that its callbacks are checked (and refused unsigned); it points at
    // a port nothing listens on, so that nothing leaves the machine.
    ["Notifications:Providers:sms:0:Type"] = "twilio",
    ["Notifications:Providers:sms:0:BaseUrl"] = "http://127.0.0.1:1",
    ["Notifications:Providers:sms:0:AccountSid"] = "AC00000000000000000000000000000000",
    ["Notifications:Providers:sms:0:AuthToken"] = "fuzz-auth-token",
    ["Notifications:Providers:sms:0:From"] = "+15005550006",
})
{
    private const int CasesPerPath = 30;

    [Fact]
    public async Task Unsigned_callbacks_and_made_up_links_are_refused_with_a_4xx()
    {
        var seed = FuzzSeed.Current;
        var failures = new List<string>();
        string[] paths = ["/v1/callbacks/twilio/twilio", "/v1/callbacks/sendgrid/sendgrid", "/v1/callbacks/twilio/{any}", "/t/o/{any}", "/t/c/{any}", "/u/{any}"];
        foreach (var path in paths)
        {
            for (var number = 0; number < CasesPerPath; number++)
            {
                var random = new Random(FuzzSeed.ForCase(seed, path, number));
                var target = path.Replace("{any}", Uri.EscapeDataString(SchemaValues.Word(random)), StringComparison.Ordinal);
                // Links are followed (GET) and an unsubscribe link also posted; callbacks are posted.
                var method = path.StartsWith("/t/", StringComparison.Ordinal) || (path.StartsWith("/u/", StringComparison.Ordinal) && random.Next(2) == 0) ? HttpMethod.Get : HttpMethod.Post;
                using var request = new HttpRequestMessage(method, target);
                if (method == HttpMethod.Post)
                {
                    request.Content = random.Next(2) == 0
                        ? new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM" + SchemaValues.Word(random), ["MessageStatus"] = "delivered" })
                        : new StringContent($"[{{\"event\":\"delivered\",\"sg_message_id\":\"{SchemaValues.Word(random)}\"}}]", System.Text.Encoding.UTF8, "application/json");
                    if (random.Next(2) == 0)
                    {
                        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", SchemaValues.AnyString(random));
                        request.Headers.TryAddWithoutValidation("X-Twilio-Email-Event-Webhook-Signature", SchemaValues.AnyString(random));
                        request.Headers.TryAddWithoutValidation("X-Twilio-Email-Event-Webhook-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                using var response = await Http.SendAsync(request);
                var answer = await FuzzAnswer.ReadAsync(response);
                // The links are pages for people (HTML, an image, a redirect); the callbacks answer problems.
                var problemExpected = path.StartsWith("/v1/", StringComparison.Ordinal);
                if (answer.Status is < 400 or >= 500 || problemExpected && answer.MediaType != "application/problem+json")
                {
                    failures.Add($"{method} {target} case {number}: {answer}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"Seed {seed} (set {FuzzSeed.Variable} to run another): {failures.Count} answers that are not a 4xx refusal:\n{string.Join("\n", failures.Take(OpenApiFuzzTests.FailuresShown))}");
    }
}
