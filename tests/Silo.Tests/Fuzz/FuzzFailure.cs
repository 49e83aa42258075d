namespace Notifications.Silo.Tests.Fuzz;

/// <summary>A violation with the case that showed it: the operation, the case number (with the seed, enough to make it again), the request and the answer.</summary>
public sealed record FuzzFailure(string Operation, int Case, string Violation, FuzzRequest Request, FuzzAnswer Answer)
{
    public override string ToString() => $"{Operation} case {Case}: {Violation}\n    request {Request}\n    answer {Answer}";
}
