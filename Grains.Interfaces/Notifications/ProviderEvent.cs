namespace Notifications.Grains;

/// <summary>A report from a provider about a notification it took, through a verified callback.</summary>
/// <param name="Provider">The configured provider name the callback came in for.</param>
/// <param name="ProviderMessageId">The provider's id of the message, when the report names it.</param>
/// <param name="Address">The address the report is about (the mailbox that bounced, the number that failed).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.ProviderEvent")]
public sealed record ProviderEvent(string Provider, string? ProviderMessageId, ProviderEventKind Kind, string? Reason, DateTimeOffset At, string? Address = null);
