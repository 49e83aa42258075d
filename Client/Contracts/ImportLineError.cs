namespace Notifications.Client;

/// <param name="Line">1-based, counting a CSV header.</param>
public sealed record ImportLineError(long Line, string? UserId, IReadOnlyDictionary<string, string[]> Errors);
