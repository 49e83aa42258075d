using Microsoft.AspNetCore.Diagnostics;

namespace Notifications.Silo;

/// <summary>Turns a grain that did not answer, or a silo on its way down, into 503 with Retry-After rather than 500.</summary>
internal sealed class GrainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (TimeoutException or SiloUnavailableException or OrleansMessageRejectionException))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = 503, Title = "The service is busy or restarting; try again." },
        });
    }
}
