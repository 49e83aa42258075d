using Microsoft.AspNetCore.Diagnostics;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>An update a user grain refused for its limits is the caller's to fix: 400 naming the field, as any invalid body.</summary>
internal sealed class UserLimitExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not UserLimitException limit)
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [limit.Field] = [limit.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
            },
        });
    }
}
