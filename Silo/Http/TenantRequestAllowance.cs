using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Notifications.Silo;

/// <summary>
/// Bounds one tenant's requests in progress on this silo, each counted by its body in KiB (at least one) from before
/// the body is read until the answer: past the allowance a tenant's requests wait their turn unread, oldest first, and
/// past the queue they are refused with 429. So a tenant that opens many connections of large batches is served a few
/// at a time and cannot take the silo's cores from the others by making it parse what would be refused anyway; a
/// tenant's single sends are light enough to run many at once. Bodies streamed on purpose (user imports) are not
/// counted.
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
        _permitLimit = _limits.BodyBytesInProgressPerTenant <= 0 ? 0 : (int)Math.Clamp(_limits.BodyBytesInProgressPerTenant / BytesPerPermit, 1, int.MaxValue);
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
            || !HasBody(context)
            // Longer than any buffered body may be: refused with 413 as it is read, or streamed by an endpoint that takes it.
            || context.Request.ContentLength > _limits.MaxRequestBodyBytes
            || context.GetEndpoint()?.Metadata.GetMetadata<StreamedBody>() is not null
            || !TenantFilter.TryAuthenticate(context, _authenticator, out var caller))
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

    /// <summary>Kestrel says so for every protocol (an HTTP/2 body need not declare its length); the headers, for other servers.</summary>
    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
        || context.Request.ContentLength > 0
        || context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0;

    public void Dispose() => _allowance?.Dispose();
}
