namespace Notifications.Client;

/// <summary>The parts of an RFC 9457 problem document the client reads.</summary>
public sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
