using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Notifications.Bench;

// Sends notifications over HTTP to a running silo, receives them back through the webhook channel, and compares
// the silo's accept rate with a bare Kestrel endpoint measured in the same run.
var options = DriverOptions.Parse(args);
var key = RandomNumberGenerator.GetBytes(32);
DeliverySink? sink = null;
DeliverySink? slowSink = null;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
app.MapPost("/hooks", (Func<HttpContext, Task<IResult>>)(context => sink!.ReceiveAsync(context)));
// A receiver that takes its time, as one tenant's may.
app.MapPost("/slow-hooks", (Func<HttpContext, Task<IResult>>)(async context =>
{
    await Task.Delay(200);
    return await slowSink!.ReceiveAsync(context);
}));
app.MapPost("/ceiling", async (HttpContext context) =>
{
    await context.Request.Body.CopyToAsync(Stream.Null);
    context.Response.StatusCode = StatusCodes.Status202Accepted;
    context.Response.ContentType = "application/json";
    await context.Response.WriteAsync("""{"id":"0195f2a0c0de7c3a9b1e4f5a6b7c8d9e","status":"accepted"}""");
});
await app.StartAsync();
var driverUrl = new Uri(app.Urls.First());

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    Timeout = options.DeliveryTimeout,
};

if (options.Scenario == "tenants")
{
    return await RunTenantsScenarioAsync();
}

if (options.Scenario == "audience")
{
    return await RunAudienceScenarioAsync();
}

if (options.Scenario == "topic")
{
    return await RunTopicScenarioAsync();
}

Console.WriteLine($"Silo {options.Silo}, {options.Count:N0} notifications, {options.Batch} per request, {options.Connections} connections, {options.Users:N0} users, {Environment.ProcessorCount} cores");
var secret = "whsec_" + Convert.ToBase64String(key);
await Parallel.ForAsync(0, options.Users, new ParallelOptions { MaxDegreeOfParallelism = options.Connections }, async (i, ct) =>
{
    var response = await http.PutAsJsonAsync(new Uri(options.Silo, $"v1/users/bench-u{i}"), new { webhook = new { url = $"{driverUrl}hooks", secret } }, ct);
    response.EnsureSuccessStatusCode();
});

if (options.Warmup > 0)
{
    sink = new DeliverySink(key, options.Warmup);
    await SendAsync("v1/notifications", options.Warmup, new LatencyRecorder(options.Warmup), NormalItem);
    await sink.AllDelivered.WaitAsync(options.DeliveryTimeout);
}

if (options.Scenario == "priority")
{
    return await RunPriorityScenarioAsync();
}

if (options.Scenario == "events")
{
    return await RunEventsScenarioAsync();
}

sink = new DeliverySink(key, options.Count);
var acceptLatency = new LatencyRecorder(options.Count);
// The warm-up's own late writes (a page's record, the message log a second later) stay out of the measured run.
await Task.Delay(TimeSpan.FromSeconds(2));
var storageBefore = await StorageCountersAsync();
var clock = Stopwatch.StartNew();
var started = DateTimeOffset.UtcNow;
var failures = await SendAsync("v1/notifications", options.Count, acceptLatency, NormalItem);
var acceptSeconds = clock.Elapsed.TotalSeconds;
var deliveredInTime = await Task.WhenAny(sink.AllDelivered, Task.Delay(options.DeliveryTimeout)) == sink.AllDelivered;
var deliverSeconds = ((sink.LastDeliveryAt == default ? DateTimeOffset.UtcNow : sink.LastDeliveryAt) - started).TotalSeconds;
// The writes that follow the last delivery (a page's record of it, the message log a second later) count too.
await Task.Delay(TimeSpan.FromSeconds(2));
var storageAfter = await StorageCountersAsync();
var storageSeconds = clock.Elapsed.TotalSeconds;

var ceilingLatency = new LatencyRecorder(options.Count);
var ceilingClock = Stopwatch.StartNew();
await SendAsync("ceiling", options.Count, ceilingLatency, NormalItem, doors: [driverUrl]);
var ceilingSeconds = ceilingClock.Elapsed.TotalSeconds;

var accept = acceptLatency.Percentiles();
var delivery = sink.Latency.Percentiles();
var ceiling = ceilingLatency.Percentiles();
var acceptedPerSecond = (options.Count - failures) / acceptSeconds;
var ceilingPerSecond = options.Count / ceilingSeconds;
Console.WriteLine();
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| accepted | {options.Count - failures:N0} of {options.Count:N0} ({failures} refused or failed) |");
Console.WriteLine($"| delivered (distinct, signature checked) | {sink.Delivered:N0}{(deliveredInTime ? "" : " (timed out)")}; {sink.Duplicates} duplicates; {sink.BadSignatures} bad signatures |");
Console.WriteLine($"| accepted/s | {acceptedPerSecond:N0} |");
Console.WriteLine($"| delivered/s (first accept to last delivery) | {sink.Delivered / deliverSeconds:N0} |");
Console.WriteLine($"| accept latency p50 / p99 / max | {accept.P50Ms:0.0} / {accept.P99Ms:0.0} / {accept.MaxMs:0.0} ms |");
Console.WriteLine($"| accept-to-delivered p50 / p99 / max | {delivery.P50Ms:0.0} / {delivery.P99Ms:0.0} / {delivery.MaxMs:0.0} ms |");
Console.WriteLine($"| bare Kestrel ceiling, notifications/s in the same request shape | {ceilingPerSecond:N0} (p50 {ceiling.P50Ms:0.0} ms, p99 {ceiling.P99Ms:0.0} ms) |");
Console.WriteLine($"| accepted/s as a share of the ceiling | {acceptedPerSecond / ceilingPerSecond:P0} |");
if (storageBefore is { } storeBefore && storageAfter is { } storeAfter && sink.Delivered > 0)
{
    Console.WriteLine($"| storage writes per delivered notification (states and reminders, all kinds); group commits | " +
        $"{(storeAfter.Writes - storeBefore.Writes) / (double)sink.Delivered:0.00}; {(storeAfter.Commits - storeBefore.Commits) / storageSeconds:N0}/s |");
}

await app.StopAsync();
return deliveredInTime && failures == 0 && sink.BadSignatures == 0 ? 0 : 1;

// The embedded store's counters from the silo's /metrics; null when it has none (another backend).
async Task<(long Writes, long Commits)?> StorageCountersAsync()
{
    string text;
    try
    {
        text = await http.GetStringAsync(new Uri(options.Silo, "metrics"));
    }
    catch (HttpRequestException)
    {
        return null;
    }

    long? Counter(string name) => text.Split('\n').FirstOrDefault(line => line.StartsWith(name, StringComparison.Ordinal)) is { } line
        ? (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)
        : null;
    return Counter("notifications_storage_writes_total") is { } writes && Counter("notifications_storage_commits_total") is { } commits ? (writes, commits) : null;
}

string NormalItem(int i) => $$"""{"user_id":"bench-u{{i % options.Users}}","message":"Benchmark notification {{i}}","priority":"normal"}""";

// Events reported one per request to a workflow that sends each through the webhook channel: what a run costs on top
// of the notification it makes.
async Task<int> RunEventsScenarioAsync()
{
    (await http.PutAsJsonAsync(new Uri(options.Silo, "v1/templates/bench-shipped"), new { locales = new { @default = new { body = "Order {{payload.order}} shipped" } } })).EnsureSuccessStatusCode();
    (await http.PutAsJsonAsync(new Uri(options.Silo, "v1/workflows/bench-shipped"), new
    {
        events = new[] { "order.shipped" },
        steps = new object[] { new { id = "tell", type = "send", template = "bench-shipped", channels = new[] { "webhook" } } },
    })).EnsureSuccessStatusCode();
    sink = new DeliverySink(key, options.Count);
    var latency = new LatencyRecorder(options.Count);
    var clock = Stopwatch.StartNew();
    var started = DateTimeOffset.UtcNow;
    var refused = await SendAsync("v1/events", options.Count, latency, i => $$$"""{"name":"order.shipped","user_id":"bench-u{{{i % options.Users}}}","payload":{"order":"{{{i}}}"}}""");
    var acceptSeconds = clock.Elapsed.TotalSeconds;
    var inTime = await Task.WhenAny(sink.AllDelivered, Task.Delay(options.DeliveryTimeout)) == sink.AllDelivered;
    var deliverSeconds = ((sink.LastDeliveryAt == default ? DateTimeOffset.UtcNow : sink.LastDeliveryAt) - started).TotalSeconds;
    var accept = latency.Percentiles();
    var delivery = sink.Latency.Percentiles();
    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| events accepted (a run stored for each) | {options.Count - refused:N0} of {options.Count:N0} ({refused} refused or failed) |");
    Console.WriteLine($"| delivered (distinct, signature checked) | {sink.Delivered:N0}{(inTime ? "" : " (timed out)")}; {sink.Duplicates} duplicates; {sink.BadSignatures} bad signatures |");
    Console.WriteLine($"| events accepted/s | {(options.Count - refused) / acceptSeconds:N0} |");
    Console.WriteLine($"| delivered/s (first event to last delivery) | {sink.Delivered / deliverSeconds:N0} |");
    Console.WriteLine($"| accept latency p50 / p99 / max | {accept.P50Ms:0.0} / {accept.P99Ms:0.0} / {accept.MaxMs:0.0} ms |");
    Console.WriteLine($"| event-to-delivered p50 / p99 / max | {delivery.P50Ms:0.0} / {delivery.P99Ms:0.0} / {delivery.MaxMs:0.0} ms |");
    await app.StopAsync();
    return inTime && refused == 0 && sink.BadSignatures == 0 ? 0 : 1;
}

long? SiloResidentBytes()
{
    if (options.SiloPid is not { } pid)
    {
        return null;
    }

    // Its own memory (heap, native allocations): the resident set also counts the SQLite file's memory-mapped pages,
    // which are the kernel's file cache, shared and given back under pressure.
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
    return long.Parse(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

// The silo's CPU time so far (user + system), from /proc: what the send's own stretch costs, apart from the setup.
TimeSpan? SiloCpuTime()
{
    if (options.SiloPid is not { } pid)
    {
        return null;
    }

    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    // utime and stime are the 14th and 15th fields; the split starts at the third (the state).
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    // Counted in clock ticks, 100 a second on Linux (USER_HZ).
    return TimeSpan.FromSeconds(ticks / 100.0);
}

// Low-priority notifications all due at one instant, released into the lanes together at that moment; meanwhile
// critical ones are sent one per request at a steady rate and timed from accept to delivery.
async Task<int> RunPriorityScenarioAsync()
{
    sink = new DeliverySink(key, options.Count);
    var releaseAt = DateTimeOffset.UtcNow + (options.SubmitWindow ?? TimeSpan.FromSeconds(Math.Max(20, options.Count / 8_000)));
    var releaseText = releaseAt.ToString("O", CultureInfo.InvariantCulture);
    var memoryBefore = SiloResidentBytes();
    var submitClock = Stopwatch.StartNew();
    var refused = await SendAsync(
        "v1/notifications",
        options.Count,
        new LatencyRecorder(options.Count),
        i => $$"""{"user_id":"bench-u{{i % options.Users}}","message":"Campaign {{i}}","priority":"low","send_at":"{{releaseText}}"}""");
    Console.WriteLine($"{options.Count - refused:N0} low-priority notifications accepted in {submitClock.Elapsed.TotalSeconds:0.0} s, all due at {releaseAt:HH:mm:ss.fff}");
    // What waiting costs: the silo's own resident memory once the submission has settled, over what it held before it.
    await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, Math.Max(0, (releaseAt - DateTimeOffset.UtcNow).TotalSeconds - 1))));
    var memoryWaiting = SiloResidentBytes();
    if (memoryBefore is { } before && memoryWaiting is { } waiting)
    {
        Console.WriteLine($"silo anonymous resident memory (RssAnon) while they wait: {waiting / 1048576.0:N0} MiB ({before / 1048576.0:N0} MiB before), {(waiting - before) / (double)(options.Count - refused):N0} bytes per waiting notification");
    }

    if (DateTimeOffset.UtcNow >= releaseAt)
    {
        Console.WriteLine("warning: the submission outlasted the release time; raise --submit-window");
    }
    else
    {
        await Task.Delay(releaseAt - DateTimeOffset.UtcNow);
    }
    var critical = new LatencyRecorder(100_000);
    var drainClock = Stopwatch.StartNew();
    var (criticalSent, criticalFailed) = await PacedAsync(
        () => !sink.AllDelivered.IsCompleted && drainClock.Elapsed < options.DeliveryTimeout,
        critical,
        n => http.PostAsync(
            new Uri(options.Silo, "v1/notifications"),
            new StringContent($$"""{"user_id":"bench-u{{n % options.Users}}","message":"Your code is {{n:000000}}","priority":"critical"}""", Encoding.UTF8, "application/json")));
    var drainSeconds = drainClock.Elapsed.TotalSeconds;
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (sink.CriticalDelivered < criticalSent - criticalFailed && DateTime.UtcNow < deadline)
    {
        await Task.Delay(50);
    }

    var lowLatency = sink.Latency.Percentiles();
    var criticalAccept = critical.Percentiles();
    var criticalDelivery = sink.CriticalLatency.Percentiles();
    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| low priority queued at once | {options.Count - refused:N0} |");
    if (memoryBefore is { } b && memoryWaiting is { } w)
    {
        Console.WriteLine($"| silo anonymous resident memory (RssAnon) while they wait, over before | {(w - b) / 1048576.0:N0} MiB ({(w - b) / (double)(options.Count - refused):N0} bytes each) |");
    }

    Console.WriteLine($"| low priority delivered | {sink.Delivered:N0} in {drainSeconds:0.0} s ({sink.Delivered / drainSeconds:N0}/s); {sink.Duplicates} duplicates, {sink.BadSignatures} bad signatures |");
    Console.WriteLine($"| critical sent during the drain | {criticalSent:N0} at {options.CriticalPerSecond}/s, {criticalFailed} refused or failed, {sink.CriticalDelivered:N0} delivered |");
    Console.WriteLine($"| critical accept latency p50 / p99 / max | {criticalAccept.P50Ms:0.0} / {criticalAccept.P99Ms:0.0} / {criticalAccept.MaxMs:0.0} ms |");
    Console.WriteLine($"| **critical accept-to-delivered p50 / p99 / max** | **{criticalDelivery.P50Ms:0.0} / {criticalDelivery.P99Ms:0.0} / {criticalDelivery.MaxMs:0.0} ms** |");
    Console.WriteLine($"| low accept-to-delivered p50 / p99 (includes the wait for send_at) | {lowLatency.P50Ms / 1000:0.0} / {lowLatency.P99Ms / 1000:0.0} s |");
    await app.StopAsync();
    return sink.AllDelivered.IsCompleted && criticalFailed == 0 && sink.CriticalDelivered == criticalSent ? 0 : 1;
}

// Two tenants on one silo: "flood" sends --count critical notifications as fast as it can, in batches, to receivers
// that take 200 ms each; "bank" sends one-time codes one per request at --critical-per-second meanwhile, timed from
// accept to delivery. The silo must be started with both keys (bench/run.sh --scenario tenants does).
async Task<int> RunTenantsScenarioAsync()
{
    const string FloodKey = "bench-flood-key-0123456789";
    const string BankKey = "bench-bank-key-0123456789";
    var secret = "whsec_" + Convert.ToBase64String(key);
    var floodSink = new DeliverySink(key, options.Count + 2_000);
    sink = new DeliverySink(key, 100_000);
    slowSink = floodSink;
    // Each tenant its own connections, as two applications would have: a code must not wait for a flood's connection.
    using var bankHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = options.DeliveryTimeout };
    async Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, string apiKey, string body)
    {
        using var request = new HttpRequestMessage(method, new Uri(options.Silo, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return await (apiKey == BankKey ? bankHttp : http).SendAsync(request);
    }

    string FloodBatch(int first, int count, string priority) => $$"""{"notifications":[{{string.Join(",", Enumerable.Range(first, count)
        .Select(i => $$$"""{"user_id":"u{{{i % options.Users}}}","message":"Alert {{{i}}}","priority":"{{{priority}}}"}"""))}}]}""";

    await Parallel.ForAsync(0, options.Users, new ParallelOptions { MaxDegreeOfParallelism = options.Connections }, async (i, _) =>
    {
        (await CallAsync(HttpMethod.Put, $"v1/users/u{i}", FloodKey, $$$"""{"webhook":{"url":"{{{driverUrl}}}slow-hooks","secret":"{{{secret}}}"}}""")).EnsureSuccessStatusCode();
        (await CallAsync(HttpMethod.Put, $"v1/users/u{i}", BankKey, $$$"""{"webhook":{"url":"{{{driverUrl}}}hooks","secret":"{{{secret}}}"}}""")).EnsureSuccessStatusCode();
    });

    // Warm-up, unmeasured: the JIT and the first activations would otherwise be most of the codes' p99. Both tenants'
    // paths: the codes', and the flood's batches to the slow receivers (high, so the allowance is not spent on them).
    await Parallel.ForAsync(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = options.Connections }, async (i, _) =>
        (await CallAsync(HttpMethod.Post, "v1/notifications", BankKey, $$"""{"user_id":"u{{i % options.Users}}","message":"Warm-up {{i}}","priority":"normal"}""")).Dispose());
    await Parallel.ForAsync(0, 20, new ParallelOptions { MaxDegreeOfParallelism = options.Connections }, async (i, _) =>
        (await CallAsync(HttpMethod.Post, "v1/notifications/batch", FloodKey, FloodBatch(i * 100, 100, "high"))).EnsureSuccessStatusCode().Dispose());
    while (sink.Delivered < 1_000 || floodSink.Delivered < 2_000)
    {
        await Task.Delay(50);
    }

    Console.WriteLine($"Silo {options.Silo}: tenant flood sends {options.Count:N0} critical in batches of 100 over {options.Connections} connections to receivers taking 200 ms; tenant bank sends {options.CriticalPerSecond}/s one per request");
    var floodAccepted = 0;
    var floodRefused = 0;
    var next = -1;
    var floodClock = Stopwatch.StartNew();
    var flood = Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
    {
        int request;
        while ((request = Interlocked.Increment(ref next)) * 100 < options.Count)
        {
            using var response = await CallAsync(HttpMethod.Post, "v1/notifications/batch", FloodKey, FloodBatch(request * 100, Math.Min(100, options.Count - request * 100), "critical"));
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                Interlocked.Add(ref floodRefused, 100);
                continue;
            }

            var result = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var accepted = result.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("id").ValueKind == System.Text.Json.JsonValueKind.String);
            Interlocked.Add(ref floodAccepted, accepted);
            Interlocked.Add(ref floodRefused, result.GetProperty("results").GetArrayLength() - accepted);
        }
    }));

    var otpAccept = new LatencyRecorder(100_000);
    var (otpSent, otpFailed) = await PacedAsync(
        () => !flood.IsCompleted,
        otpAccept,
        n => CallAsync(HttpMethod.Post, "v1/notifications", BankKey, $$"""{"user_id":"u{{n % options.Users}}","message":"Your code is {{n:000000}}","priority":"critical"}"""));
    await flood;
    var floodSeconds = floodClock.Elapsed.TotalSeconds;
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while ((sink.CriticalDelivered < otpSent - otpFailed || floodSink.CriticalDelivered < floodAccepted) && DateTime.UtcNow < deadline)
    {
        await Task.Delay(50);
    }

    var accept = otpAccept.Percentiles();
    var delivery = sink.CriticalLatency.Percentiles();
    var floodDelivery = floodSink.CriticalLatency.Percentiles();
    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| flood: critical sent, accepted, refused (429) | {options.Count:N0} in {floodSeconds:0.0} s; {floodAccepted:N0} accepted; {floodRefused:N0} refused |");
    Console.WriteLine($"| flood: delivered (200 ms receivers), accept-to-delivered p50 / p99 | {floodSink.CriticalDelivered:N0}; {floodDelivery.P50Ms:0} / {floodDelivery.P99Ms:0} ms |");
    Console.WriteLine($"| bank: one-time codes sent, refused or failed, delivered | {otpSent:N0} at {options.CriticalPerSecond}/s; {otpFailed}; {sink.CriticalDelivered:N0} |");
    Console.WriteLine($"| bank: accept latency p50 / p99 / max | {accept.P50Ms:0.0} / {accept.P99Ms:0.0} / {accept.MaxMs:0.0} ms |");
    Console.WriteLine($"| **bank: accept-to-delivered p50 / p99 / max** | **{delivery.P50Ms:0.0} / {delivery.P99Ms:0.0} / {delivery.MaxMs:0.0} ms** |");
    Console.WriteLine($"| duplicates, bad signatures | {sink.Duplicates + floodSink.Duplicates}, {sink.BadSignatures + floodSink.BadSignatures} |");
    await app.StopAsync();
    return otpFailed == 0 && sink.CriticalDelivered == otpSent && sink.BadSignatures + floodSink.BadSignatures == 0 ? 0 : 1;
}

// Requests at --critical-per-second, one at a time each timed from send to answer, while keepGoing says so; answers
// how many were sent and how many were refused or failed.
async Task<(int Sent, int Failed)> PacedAsync(Func<bool> keepGoing, LatencyRecorder latency, Func<int, Task<HttpResponseMessage>> send)
{
    var sent = 0;
    var failed = 0;
    var inFlight = new List<Task>();
    using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.CriticalPerSecond));
    while (keepGoing() && await ticker.WaitForNextTickAsync())
    {
        var n = sent++;
        inFlight.Add(Task.Run(async () =>
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await send(n);
            if (response.IsSuccessStatusCode)
            {
                latency.Record(Stopwatch.GetElapsedTime(start));
            }
            else
            {
                Interlocked.Increment(ref failed);
            }
        }));
    }

    await Task.WhenAll(inFlight);
    return (sent, failed);
}

// One send to a topic of --count subscribers, each a user with a webhook to this driver: from the send's accept
// to the last subscriber's delivery.
async Task<int> RunTopicScenarioAsync()
{
    var count = options.Count;
    Console.WriteLine($"Silo {options.Silo}, a topic of {count:N0} subscribers, {Environment.ProcessorCount} cores");
    await ImportUsersAsync(count, _ => "pro");

    var setup = Stopwatch.StartNew();
    (await http.PostAsJsonAsync(new Uri(options.Silo, "v1/topics"), new { id = "bench", name = "Benchmark topic", service_type = "webhook" })).EnsureSuccessStatusCode();
    await Parallel.ForAsync(0, (count + 999) / 1_000, new ParallelOptions { MaxDegreeOfParallelism = options.Connections }, async (page, ct) =>
    {
        var body = new StringBuilder("""{"subscribers":[""");
        for (var i = page * 1_000; i < Math.Min(count, (page + 1) * 1_000); i++)
        {
            body.Append(i == page * 1_000 ? "" : ",").Append($$"""{"user_id":"topic-u{{i}}"}""");
        }

        using var content = new StringContent(body.Append("]}").ToString(), Encoding.UTF8, "application/json");
        (await http.PostAsync(new Uri(options.Silo, "v1/topics/bench/subscribers"), content, ct)).EnsureSuccessStatusCode();
    });
    Console.WriteLine($"{count:N0} subscribed in {setup.Elapsed.TotalSeconds:0.0} s");

    return await MeasureFanOutAsync(count, "subscribers",
        () => http.PostAsJsonAsync(new Uri(options.Silo, "v1/topics/bench/sends"), new { message = "Topic benchmark", priority = "normal" }),
        send => $"pages {send.GetProperty("pages_done")}/{send.GetProperty("pages")}");
}

// One send to an audience: --count users, nine in ten of them on the plan the filter asks for, each with a webhook to
// this driver: from the send's accept to the last matched user's delivery, the scan included.
async Task<int> RunAudienceScenarioAsync()
{
    var count = options.Count;
    var matched = count - (count + 9) / 10;
    Console.WriteLine($"Silo {options.Silo}, an audience of {matched:N0} among {count:N0} users, {Environment.ProcessorCount} cores");
    await ImportUsersAsync(count, i => i % 10 == 0 ? "free" : "pro");
    return await MeasureFanOutAsync(matched, "matched users",
        () => http.PostAsJsonAsync(new Uri(options.Silo, "v1/audiences/sends"), new { filter = "plan == \"pro\"", notification = new { message = "Audience benchmark" } }),
        send => $"{send.GetProperty("scanned").GetInt64():N0} users read");
}

async Task ImportUsersAsync(int count, Func<int, string> plan)
{
    var setup = Stopwatch.StartNew();
    var users = new StreamContent(UserLines(count, $"{driverUrl}hooks", "whsec_" + Convert.ToBase64String(key), plan));
    users.Headers.ContentType = new("application/x-ndjson");
    (await http.PostAsync(new Uri(options.Silo, "v1/users/import"), users)).EnsureSuccessStatusCode();
    Console.WriteLine($"{count:N0} users with webhooks imported in {setup.Elapsed.TotalSeconds:0.0} s");
}

// Sends once and waits for --count distinct deliveries at the sink, printing the send's progress each second.
async Task<int> MeasureFanOutAsync(int expected, string recipients, Func<Task<HttpResponseMessage>> startSend, Func<System.Text.Json.JsonElement, string> progressOf)
{
    sink = new DeliverySink(key, expected);
    var siloCpuBefore = SiloCpuTime();
    var driverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var accepted = await startSend();
    accepted.EnsureSuccessStatusCode();
    var acceptSeconds = clock.Elapsed.TotalSeconds;
    var sendUrl = accepted.Headers.Location!;
    var fanOutSeconds = double.NaN;
    var progress = Task.Run(async () =>
    {
        while (!sink.AllDelivered.IsCompleted && clock.Elapsed < options.DeliveryTimeout)
        {
            await Task.Delay(1_000);
            var send = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(options.Silo, sendUrl));
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0} s: {progressOf(send)}, {sink.Delivered:N0} delivered");
            if (double.IsNaN(fanOutSeconds) && send.GetProperty("status").GetString() == "completed")
            {
                fanOutSeconds = clock.Elapsed.TotalSeconds;
            }
        }
    });
    var deliveredInTime = await Task.WhenAny(sink.AllDelivered, Task.Delay(options.DeliveryTimeout)) == sink.AllDelivered;
    var allSeconds = clock.Elapsed.TotalSeconds;
    var siloCpu = SiloCpuTime() - siloCpuBefore;
    var driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverCpuBefore;
    await progress;
    var delivery = sink.Latency.Percentiles();
    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| {recipients} | {expected:N0} |");
    Console.WriteLine($"| send accepted (durable) in | {acceptSeconds * 1000:0} ms |");
    Console.WriteLine($"| delivered (distinct, signature checked) | {sink.Delivered:N0}{(deliveredInTime ? "" : " (timed out)")}; {sink.Duplicates} duplicates; {sink.BadSignatures} bad signatures |");
    Console.WriteLine($"| **send to last delivery** | **{allSeconds:0.0} s ({sink.Delivered / allSeconds:N0}/s)** |");
    Console.WriteLine($"| fan-out done after (seen within 1 s) | {fanOutSeconds:0} s |");
    if (siloCpu is { } cpu)
    {
        Console.WriteLine($"| CPU from the send to the last delivery: silo / driver and sink | {cpu.TotalSeconds:0.0} s ({cpu.TotalMilliseconds * 1000 / Math.Max(1, sink.Delivered):0.0} ms per 1,000) / {driverCpu.TotalSeconds:0.0} s |");
    }

    Console.WriteLine($"| each notification's accept-to-delivered p50 / p99 / max | {delivery.P50Ms:0.0} / {delivery.P99Ms:0.0} / {delivery.MaxMs:0.0} ms |");
    await app.StopAsync();
    return deliveredInTime && sink.BadSignatures == 0 ? 0 : 1;
}

// Generated as the request is sent, so a million users are never in the driver's memory at once.
static Stream UserLines(int count, string url, string secret, Func<int, string> plan)
{
    var pipe = new System.IO.Pipelines.Pipe();
    _ = Task.Run(async () =>
    {
        var writer = pipe.Writer;
        for (var i = 0; i < count; i++)
        {
            Encoding.UTF8.GetBytes($$$"""{"user_id":"topic-u{{{i}}}","webhook":{"url":"{{{url}}}","secret":"{{{secret}}}"},"attributes":{"plan":"{{{plan(i)}}}"}}""" + "\n", writer);
            if (i % 1_000 == 999)
            {
                await writer.FlushAsync();
            }
        }

        await writer.CompleteAsync();
    });
    return pipe.Reader.AsStream();
}

// Each connection sends through one of the doors in turn: the silo's front doors unless others are given.
async Task<int> SendAsync(string path, int count, LatencyRecorder latency, Func<int, string> item, IReadOnlyList<Uri>? doors = null)
{
    doors ??= options.Doors;
    var batched = options.Batch > 1;
    var requests = (count + options.Batch - 1) / options.Batch;
    var next = -1;
    var failed = 0;
    await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async connection =>
    {
        var target = new Uri(doors[connection % doors.Count], path);
        int request;
        while ((request = Interlocked.Increment(ref next)) < requests)
        {
            var first = request * options.Batch;
            var items = Math.Min(options.Batch, count - first);
            var body = new StringBuilder(batched ? """{"notifications":[""" : "");
            for (var i = first; i < first + items; i++)
            {
                body.Append(item(i));
                body.Append(i < first + items - 1 ? "," : "");
            }

            body.Append(batched ? "]}" : "");
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString()));
            content.Headers.ContentType = new("application/json");
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsync(batched && target.AbsolutePath.EndsWith("/notifications") ? new Uri(target, "notifications/batch") : target, content);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref failed, items);
                    continue;
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Add(ref failed, items);
                continue;
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            for (var i = 0; i < items; i++)
            {
                latency.Record(elapsed);
            }
        }
    }));
    return failed;
}
