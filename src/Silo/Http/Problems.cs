namespace Notifications.Silo;

internal static class Problems
{
    public static IResult Invalid(string field, string reason) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, title: "The request is not valid.");

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.");

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} was not found.");
}
