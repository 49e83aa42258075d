using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Notifications.Silo;

/// <summary>
/// A query or route value that does not read as its parameter's type (<c>?limit=abc</c>) is refused by ASP.NET Core
/// before the endpoint runs, as a bare 400 that says nothing of why. With <c>ThrowOnBadRequest</c> the refusal comes
/// here instead and is answered as every other bad input: 400 naming the parameter and the reason.
/// </summary>
internal sealed partial class ParameterBindingExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException refused)
        {
            return false;
        }

        context.Response.StatusCode = refused.StatusCode;
        var parameter = Parameter().Match(refused.Message);
        ProblemDetails problem = refused.StatusCode == StatusCodes.Status400BadRequest && parameter.Success
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [parameter.Groups["name"].Value] = [Reason(refused.Message, parameter.Groups["type"].Value)],
            })
            {
                Title = "The request is not valid.",
            }
            : new ProblemDetails { Title = refused.Message };
        problem.Status = refused.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>The reason without the value given, which can be long and is the caller's own.</summary>
    private static string Reason(string message, string type) =>
        message.StartsWith("Failed to bind", StringComparison.Ordinal)
            ? $"Must be a valid {type.TrimEnd('?')}."
            : message.StartsWith("Required", StringComparison.Ordinal) ? "Is required." : "Is not valid here.";

    /// <summary>How ASP.NET Core names the parameter in its messages: <c>parameter "int? limit"</c>.</summary>
    [GeneratedRegex("parameter \"(?<type>[^\" ]+) (?<name>[^\" ]+)\"")]
    private static partial Regex Parameter();
}
