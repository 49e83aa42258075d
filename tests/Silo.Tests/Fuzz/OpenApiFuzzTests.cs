using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.Testing;
using Xunit.Abstractions;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// Property-based fuzz of every operation in the silo's own OpenAPI document (issue 15): requests made from the
/// document's schemas, valid and broken, against real ids and made-up ones. No answer is a 5xx, every 4xx is a
/// problem, and every answer the document describes keeps to its schema.
/// </summary>
public sealed partial class OpenApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Requests per operation: the fuzz's size, and so its time (about a minute on two cores).</summary>
    private const int CasesPerOperation = 150;

    /// <summary>Server-sent event streams never end: only whether they start is checked, a few times.</summary>
    private const int CasesPerEventStream = 3;

    public const int FailuresShown = 25;

    private const string ApiKey = "fuzz-operator-key-0123456789";

    private readonly SiloFactory _silo = new(new()
    {
        ["Notifications:ApiKeys:0:Tenant"] = "fuzz",
        ["Notifications:ApiKeys:0:Key"] = ApiKey,
        ["Notifications:ApiKeys:0:Operator"] = "true",
        // One attempt, so that a webhook nobody answers is a dead letter within the set-up.
        ["Notifications:Delivery:MaxAttempts"] = "1",
    });

    private readonly RealResources _real = new();

    private HttpClient _http = null!;

    private ApiDocument _document = null!;

    public async Task InitializeAsync()
    {
        _http = _silo.CreateClient();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        _document = new ApiDocument((await _http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!);
        await new RealResourceSetup(_http, _real).CreateAsync();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Every_operation_answers_generated_requests_without_a_server_error_and_as_its_document_says()
    {
        var seed = FuzzSeed.Current;
        var requests = new FuzzRequests(new SchemaValues(_document, new FieldHints(_real)), _real, ApiKey);
        var failures = new List<FuzzFailure>();
        var statuses = new SortedDictionary<int, int>();
        // Deletions last, so that the other operations meet the real resources before they are gone.
        var operations = _document.Operations.OrderBy(o => o.IsDestructive).ToList();
        Assert.NotEmpty(operations);
        foreach (var operation in operations)
        {
            var cases = operation.IsEventStream ? CasesPerEventStream : CasesPerOperation;
            var started = System.Diagnostics.Stopwatch.StartNew();
            var ofOperation = new SortedDictionary<int, int>();
            for (var number = 0; number < cases; number++)
            {
                var random = new Random(FuzzSeed.ForCase(seed, operation.Name, number));
                var request = requests.Make(operation, random);
                var (answer, violations) = operation.IsEventStream ? await StartStreamAsync(request) : await SendAsync(operation, request);
                statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                ofOperation[answer.Status] = ofOperation.GetValueOrDefault(answer.Status) + 1;
                failures.AddRange(violations.Select(v => new FuzzFailure(operation.Name, number, v, request, answer)));
            }

            output.WriteLine($"{operation.Name}: {string.Join(", ", ofOperation.Select(c => $"{c.Key} x{c.Value}"))} in {started.Elapsed.TotalSeconds:F1} s");
        }

        var total = statuses.Values.Sum();
        TestReport.Write("openapi-fuzz", [
            $"openapi fuzz (seed {seed}, {FuzzSeed.Variable} to change): {total} requests over {operations.Count} operations, "
            + $"answers {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}; {failures.Count} violations",
        ]);
        // One example of each kind of violation per operation: the same fault is usually met many times.
        var kinds = failures.GroupBy(f => (f.Operation, Violation: Index().Replace(f.Violation, "*"))).ToList();
        Assert.True(failures.Count == 0,
            $"Seed {seed} (set {FuzzSeed.Variable} to run another): {failures.Count} violations of {kinds.Count} kinds in {total} requests; "
            + $"the first {Math.Min(kinds.Count, FailuresShown)} kinds, each with its first case:\n"
            + string.Join("\n", kinds.Take(FailuresShown).Select(k => $"({k.Count()}x) {k.First()}")));
    }

    private async Task<(FuzzAnswer Answer, IReadOnlyList<string> Violations)> SendAsync(ApiOperation operation, FuzzRequest request)
    {
        using var message = request.ToMessage();
        using var response = await _http.SendAsync(message);
        var answer = await FuzzAnswer.ReadAsync(response);
        var violations = AnswerCheck.Violations(_document, operation, answer).ToList();
        // Nothing accepted is lost: what an answer says was made can be read back where it says.
        if (answer.Status is 201 or 202 && answer.Location is { } location)
        {
            using var readBack = await _http.GetAsync(location);
            if (readBack.StatusCode != HttpStatusCode.OK)
            {
                violations.Add($"the Location {location} of what was accepted answers {(int)readBack.StatusCode}");
            }
        }

        return (answer, violations);
    }

    private async Task<(FuzzAnswer Answer, IReadOnlyList<string> Violations)> StartStreamAsync(FuzzRequest request)
    {
        using var message = request.ToMessage();
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, stopped.Token);
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status == 200)
        {
            var violations = mediaType == "text/event-stream" ? [] : new List<string> { $"a stream that answers {mediaType} rather than text/event-stream" };
            return (new FuzzAnswer(status, mediaType, null, "(an event stream, left unread)"), violations);
        }

        var answer = await FuzzAnswer.ReadAsync(response);
        return (answer, status >= 500 || status < 400 || mediaType != "application/problem+json" ? [$"a stream that answers {status} {mediaType}"] : []);
    }

    /// <summary>An index in a JSON pointer or path: the same violation at another item is the same kind.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=/|\[)\d+")]
    private static partial System.Text.RegularExpressions.Regex Index();
}
