namespace Notifications.Silo.Tests.Fuzz;

/// <summary>A request body as sent, with what kind of variant it is, for the failure report.</summary>
public sealed record FuzzBody(string? Text, string? ContentType, string Variant);
