using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Notifications.Silo;

/// <summary>
/// Bounds the request bodies one tenant has in progress at once, measured in KiB (each request at least one), before
/// a body is read: past the allowance a tenant's requests wait their turn unread, oldest first, and past the queue
/// they are refused with 429. So a tenant that opens many connections of large batches is served a few at a time and
/// cannot take the silo's cores from the others by making it parse what would be refused anyway; a tenant's single
/// sends are light enough to run many at once. Bodies streamed on purpose (user imports) are not counted.
/// </summary>
internal sealed class TenantRequestAllowance : IMiddleware, IDisposable
{
    private const int BytesPerPermit = 1024;

    private readonly ApiKeyAuthenticator _authenticator;
    private readonly LimitsOptions _limits;
    private readonly int _permitLimit;
    private readonly PartitionedRateLimiter<string>? _allowance;

    public TenantRequestAllowance(ApiKeyAuthenticator authenticator, IOptions<LimitsOptions> limits)
    {
        _authenticator = authenticator;
        _limits = limits.Value;
        _permitLimit = (int)Math.Min(int.MaxValue, _limits.BodyBytesInProgressPerTenant / BytesPerPermit);
        var queueLimit = (int)Math.Min(int.MaxValue, _limits.BodyBytesQueuedPerTenant / BytesPerPermit);
        _allowance = _permitLimit <= 0 ? null : PartitionedRateLimiter.Create<string, string>(tenant =>
            RateLimitPartition.GetConcurrencyLimiter(tenant, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = _permitLimit,
                QueueLimit = queueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_allowance is null
            || !HasBody(context.Request)
            || context.GetEndpoint()?.Metadata.GetMetadata<StreamedBody>() is not null
            || !_authenticator.TryAuthenticate(TenantFilter.Credential(context), out var caller))
        {
            // Unauthenticated requests are refused by the tenant filter without their bodies being bound.
            await next(context);
            return;
        }

        // A body of unknown length may be as long as any the silo takes; one larger than the allowance takes all of it.
        var bytes = context.Request.ContentLength ?? _limits.MaxRequestBodyBytes;
        var permits = (int)Math.Clamp((bytes + BytesPerPermit - 1) / BytesPerPermit, 1, _permitLimit);
        using var lease = await _allowance.AcquireAsync(caller.Tenant, permits, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = "1";
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "This tenant has too many requests in progress.",
                detail: "Requests of one tenant are served a few at a time and the rest wait their turn; too many are waiting now. Retry after 1 s, or send fewer at once.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.ContentLength is null && request.Headers.TransferEncoding.Count > 0;

    public void Dispose() => _allowance?.Dispose();
}
