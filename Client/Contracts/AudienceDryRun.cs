namespace Notifications.Client;

/// <param name="Filter">Over user attributes, such as <c>country == "DE" and plan in ["pro", "team"]</c>.</param>
public sealed record AudienceDryRun(string? Filter);
