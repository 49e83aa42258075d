namespace Notifications.Client;

/// <summary>What one channel would show.</summary>
public sealed record RenderedContent(string? Title, string Body, string? Subject = null, string? Html = null);
