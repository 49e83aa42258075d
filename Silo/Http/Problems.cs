using Notifications.Client;

namespace Notifications.Silo;

internal static class Problems
{
    public static IResult Invalid(string field, string reason) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, title: "The request is not valid.");

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.");

    /// <summary>429 with Retry-After for a send refused for now: critical ones past the tenant's allowance, others for the backlog.</summary>
    public static IResult Overloaded(FrontDoorCall call, NotificationPriority? priority, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        call.SetHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return priority == NotificationPriority.Critical
            ? Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "This tenant's allowance of critical notifications is used up for now.",
                detail: $"Critical notifications are taken up to a rate per tenant, so that one tenant's burst cannot hold up another's. Retry after {seconds} s, or send at another priority.")
            : Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "The service is busy; this priority is not accepted for now.",
                detail: $"Too many notifications are waiting for delivery. Retry after {seconds} s; critical notifications are still accepted.");
    }

    /// <summary>429: the caller, or the silo, holds as many event streams open as it may.</summary>
    public static IResult TooManyStreams(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "10";
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many event streams are open.",
            detail: "Close a stream this caller holds open, or try again later.");
    }

    /// <summary>409: the notification's status does not allow what was asked.</summary>
    public static IResult WrongStatus(string title, Notifications.Grains.NotificationStatus status) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: title,
        detail: $"It is {ContractMapping.ToContract(status).ToString().ToLowerInvariant()}.");

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found.");

    public static IResult Forbidden(string why) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The request is not signed as it must be.", detail: why);
}
