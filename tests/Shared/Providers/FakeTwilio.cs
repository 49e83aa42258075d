using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifications.Testing;

/// <summary>
/// Twilio's Messages and Calls API on loopback. Every request is checked against Twilio's OpenAPI document and
/// its Basic credentials; answers carry Twilio's bodies, and Twilio's magic test numbers fail as they do there.
/// </summary>
public sealed class FakeTwilio : LoopbackServer
{
    /// <summary>Twilio's magic numbers: To that is invalid, a landline, or has replied STOP.</summary>
    public const string InvalidNumber = "+15005550001";
    public const string Landline = "+15005550009";
    public const string OptedOut = "+15005550004";

    private static readonly OpenApiContract Spec = OpenApiContract.Load("twilio_api_v2010.json");
    private int _sids;
    private int _inFlight;
    private int _maxInFlight;

    private FakeTwilio(string accountSid, string authToken)
    {
        AccountSid = accountSid;
        AuthToken = authToken;
    }

    public string AccountSid { get; }

    /// <summary>The token requests must carry; a test changes it to play a credentials fix on the provider's side.</summary>
    public string AuthToken { get; set; }

    /// <summary>While set, every request is answered 503 as during an outage.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Statuses (429 or 503) to answer the next requests with, one each, before answering normally again.</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    /// <summary>What each request waits for before it is answered (a delay, a gate).</summary>
    public Func<Task>? Hold { get; set; }

    /// <summary>The most requests the fake was answering at once.</summary>
    public int MaxInFlight => _maxInFlight;

    /// <summary>Every request that reached the fake, answered or not.</summary>
    public ConcurrentQueue<TwilioRequest> Requests { get; } = new();

    /// <summary>Requests that created a Message or a Call.</summary>
    public IEnumerable<TwilioRequest> Created => Requests.Where(r => r.Sid is not null);

    /// <summary>Where a request or an answer broke Twilio's published contract; a test expects none.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public static async Task<FakeTwilio> StartAsync(string? accountSid = null, string? authToken = null)
    {
        var fake = new FakeTwilio(accountSid ?? "AC" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), authToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        await fake.StartAsync(app => app.MapPost("/2010-04-01/Accounts/{accountSid}/{resource}.json", (Func<HttpContext, string, string, Task<IResult>>)fake.HandleAsync));
        return fake;
    }

    /// <summary>The status callback Twilio would post for a message or call: its URL, its form and its signature.</summary>
    public (string Url, Dictionary<string, string> Form, string Signature) StatusCallback(TwilioRequest created, string status, string? errorCode = null, string? signingToken = null)
    {
        var url = created.Form["StatusCallback"];
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = AccountSid,
            [created.Resource == "Calls" ? "CallSid" : "MessageSid"] = created.Sid!,
            [created.Resource == "Calls" ? "CallStatus" : "MessageStatus"] = status,
            ["To"] = created.Form["To"],
            ["From"] = created.Form.GetValueOrDefault("From") ?? "",
            ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        return (url, form, Signature(signingToken ?? AuthToken, url, form));
    }

    /// <summary>Twilio's request signature: HMAC-SHA1 over the URL and the POST parameters sorted by name, keyed by the auth token.</summary>
    public static string Signature(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }


    private async Task<IResult> HandleAsync(HttpContext context, string accountSid, string resource)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            int seen;
            while (inFlight > (seen = _maxInFlight) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
            {
            }

            if (Hold is { } hold)
            {
                await hold();
            }

            return await AnswerAsync(context, accountSid, resource);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<IResult> AnswerAsync(HttpContext context, string accountSid, string resource)
    {
        var formCollection = await context.Request.ReadFormAsync();
        var form = formCollection.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var request = new TwilioRequest(resource, form, DateTimeOffset.UtcNow);
        if (!Authorized(context, accountSid))
        {
            Requests.Enqueue(request);
            return Error(401, 20003, "Authenticate");
        }

        var pathTemplate = $"/2010-04-01/Accounts/{{AccountSid}}/{resource}.json";
        var problems = Spec.CheckFormRequest("POST", pathTemplate, new Dictionary<string, string> { ["AccountSid"] = accountSid },
            formCollection.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToArray()));
        foreach (var problem in problems)
        {
            Violations.Enqueue($"{resource}: {problem}");
        }

        IResult answer;
        if (problems.Count > 0)
        {
            answer = Error(400, 21201, $"Invalid request: {problems[0]}");
        }
        else if (FailNext.TryDequeue(out var failure))
        {
            answer = failure == 429 ? Error(429, 20429, "Too Many Requests") : Error(503, 20503, "Service Unavailable");
        }
        else if (Unavailable)
        {
            answer = Error(503, 20503, "Service Unavailable");
        }
        else
        {
            answer = form["To"] switch
            {
                InvalidNumber => Error(400, 21211, $"Invalid 'To' Phone Number: {form["To"]}"),
                Landline when resource == "Messages" => Error(400, 21614, $"'To' number {form["To"]} is not a valid mobile number"),
                OptedOut when resource == "Messages" => Error(400, 21610, "Attempt to send to unsubscribed recipient"),
                _ => Created(resource, request),
            };
        }

        if (answer is not CreatedAnswer)
        {
            Requests.Enqueue(request);
        }

        return answer;

        IResult Created(string resource, TwilioRequest created)
        {
            var sid = (resource == "Calls" ? "CA" : "SM") + Interlocked.Increment(ref _sids).ToString("x32", CultureInfo.InvariantCulture);
            Requests.Enqueue(created with { Sid = sid });
            var now = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
            var body = resource == "Calls" ? CallResource(sid, form, now) : MessageResource(sid, form, now);
            foreach (var problem in Spec.CheckResponse("POST", pathTemplate, 201, body))
            {
                Violations.Enqueue($"fake's own answer: {problem}");
            }

            return new CreatedAnswer(Results.Text(body.ToJsonString(), "application/json", statusCode: 201));
        }
    }

    private bool Authorized(HttpContext context, string accountSid)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        return accountSid == AccountSid && credentials == $"{AccountSid}:{AuthToken}";
    }

    private JsonObject MessageResource(string sid, Dictionary<string, string> form, string now) => new()
    {
        ["account_sid"] = AccountSid, ["api_version"] = "2010-04-01", ["body"] = form.GetValueOrDefault("Body"),
        ["date_created"] = now, ["date_sent"] = null, ["date_updated"] = now, ["direction"] = "outbound-api",
        ["error_code"] = null, ["error_message"] = null, ["from"] = form.GetValueOrDefault("From"),
        ["messaging_service_sid"] = form.GetValueOrDefault("MessagingServiceSid"), ["num_media"] = "0",
        ["num_segments"] = ((form.GetValueOrDefault("Body")?.Length ?? 0) / 153 + 1).ToString(CultureInfo.InvariantCulture),
        ["price"] = null, ["price_unit"] = "USD", ["sid"] = sid,
        ["status"] = form.ContainsKey("MessagingServiceSid") ? "accepted" : "queued",
        ["subresource_uris"] = new JsonObject { ["media"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}/Media.json" },
        ["to"] = form["To"], ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
    };

    private JsonObject CallResource(string sid, Dictionary<string, string> form, string now) => new()
    {
        ["account_sid"] = AccountSid, ["answered_by"] = null, ["api_version"] = "2010-04-01", ["caller_name"] = null,
        ["date_created"] = now, ["date_updated"] = now, ["direction"] = "outbound-api", ["duration"] = null,
        ["end_time"] = null, ["forwarded_from"] = null, ["from"] = form.GetValueOrDefault("From"),
        ["from_formatted"] = form.GetValueOrDefault("From"), ["group_sid"] = null, ["parent_call_sid"] = null,
        ["phone_number_sid"] = null, ["price"] = null, ["price_unit"] = "USD", ["sid"] = sid, ["start_time"] = null,
        ["status"] = "queued", ["subresource_uris"] = new JsonObject(), ["to"] = form["To"], ["to_formatted"] = form["To"],
        ["trunk_sid"] = null, ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Calls/{sid}.json", ["queue_time"] = "0",
    };

    private static IResult Error(int status, int code, string message) => Results.Text(
        new JsonObject { ["code"] = code, ["message"] = message, ["more_info"] = $"https://www.twilio.com/docs/errors/{code}", ["status"] = status }.ToJsonString(),
        "application/json",
        statusCode: status);
}

/// <summary>An answer that created a resource, already recorded with its sid.</summary>
internal sealed class CreatedAnswer(IResult inner) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => inner.ExecuteAsync(httpContext);
}

/// <param name="Sid">The created resource's sid, when the request created one.</param>
public sealed record TwilioRequest(string Resource, IReadOnlyDictionary<string, string> Form, DateTimeOffset At, string? Sid = null);
