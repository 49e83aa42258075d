using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Notifications.Silo.Tests;

/// <summary>The allowance of request bodies in progress per tenant, step by step, on the middleware itself.</summary>
public sealed class TenantRequestAllowanceTests
{
    private const string FloodKey = "flood-key-0123456789abcdef";
    private const string BankKey = "bank-key-0123456789abcdef";

    [Fact]
    public async Task A_tenants_body_past_its_allowance_waits_unread_in_order_and_past_its_queue_is_refused_while_another_tenants_goes()
    {
        using var allowance = Allowance(inProgressKiB: 128, queuedKiB: 64);
        var inProgress = new List<string>();
        var finish = new Dictionary<string, TaskCompletionSource>();
        RequestDelegate endpoint = context =>
        {
            var name = context.Request.Headers["X-Name"].ToString();
            lock (inProgress)
            {
                inProgress.Add(name);
            }

            return (finish[name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        };

        var first = allowance.InvokeAsync(Request("first", FloodKey, 100 * 1024), endpoint);
        var second = allowance.InvokeAsync(Request("second", FloodKey, 60 * 1024), endpoint);
        var thirdContext = Request("third", FloodKey, 4 * 1024);
        var third = allowance.InvokeAsync(thirdContext, endpoint);
        var overflowContext = Request("overflow", FloodKey, 12 * 1024);
        await allowance.InvokeAsync(overflowContext, endpoint);
        var bank = allowance.InvokeAsync(Request("bank", BankKey, 100 * 1024), endpoint);

        Assert.Equal(["first", "bank"], inProgress);
        Assert.Equal(StatusCodes.Status429TooManyRequests, overflowContext.Response.StatusCode);
        Assert.Equal("1", overflowContext.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", overflowContext.Response.ContentType, StringComparison.Ordinal);

        // The third would fit beside the first, but waits behind the second: the oldest goes first.
        finish["first"].SetResult();
        await first;
        Assert.Equal(["first", "bank", "second", "third"], inProgress);
        finish["second"].SetResult();
        await second;
        finish["third"].SetResult();
        finish["bank"].SetResult();
        await Task.WhenAll(third, bank);
        Assert.Equal(200, thirdContext.Response.StatusCode);
    }

    [Fact]
    public async Task Small_bodies_count_a_KiB_each_bodies_of_unknown_length_count_as_the_largest_and_streamed_bodies_and_bodiless_requests_are_not_counted()
    {
        using var allowance = Allowance(inProgressKiB: 64, queuedKiB: 0);
        var held = new TaskCompletionSource();
        var started = 0;
        RequestDelegate endpoint = _ =>
        {
            Interlocked.Increment(ref started);
            return held.Task;
        };

        var smalls = Enumerable.Range(0, 64).Select(i => allowance.InvokeAsync(Request($"small-{i}", FloodKey, 200), endpoint)).ToList();
        var refused = Request("one more", FloodKey, 200);
        await allowance.InvokeAsync(refused, endpoint);
        var streamed = Request("import", FloodKey, 500 * 1024);
        streamed.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(StreamedBody.Instance), "import"));
        var import = allowance.InvokeAsync(streamed, endpoint);
        var get = Request("get", FloodKey, bodyBytes: null);
        var read = allowance.InvokeAsync(get, endpoint);

        Assert.Equal(66, started);
        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Response.StatusCode);
        held.SetResult();
        await Task.WhenAll([.. smalls, import, read]);

        var chunked = Request("chunked", FloodKey, bodyBytes: null);
        chunked.Request.Headers.TransferEncoding = "chunked";
        var reading = new TaskCompletionSource();
        var unknownLength = allowance.InvokeAsync(chunked, _ => reading.Task);
        var afterIt = Request("after", FloodKey, 200);
        await allowance.InvokeAsync(afterIt, _ => Task.CompletedTask);
        reading.SetResult();
        await unknownLength;
        Assert.Equal(StatusCodes.Status429TooManyRequests, afterIt.Response.StatusCode);
    }

    private static TenantRequestAllowance Allowance(int inProgressKiB, int queuedKiB)
    {
        var keys = new ApiKeyOptions
        {
            ApiKeys = [new() { Tenant = "flood", Key = FloodKey }, new() { Tenant = "bank", Key = BankKey }],
        };
        var authenticator = new ApiKeyAuthenticator(new FixedOptions(keys), NullLogger<ApiKeyAuthenticator>.Instance);
        return new TenantRequestAllowance(authenticator, Options.Create(new LimitsOptions
        {
            BodyBytesInProgressPerTenant = inProgressKiB * 1024L,
            BodyBytesQueuedPerTenant = queuedKiB * 1024L,
        }));
    }

    private static DefaultHttpContext Request(string name, string apiKey, long? bodyBytes)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Request.Method = "POST";
        context.Request.Headers["X-Name"] = name;
        context.Request.Headers.Authorization = $"Bearer {apiKey}";
        context.Request.ContentLength = bodyBytes;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class FixedOptions(ApiKeyOptions value) : IOptionsMonitor<ApiKeyOptions>
    {
        public ApiKeyOptions CurrentValue => value;

        public ApiKeyOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ApiKeyOptions, string?> listener) => null;
    }
}
