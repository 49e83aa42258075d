namespace Notifications.Client;

/// <summary>An address a provider refused for good on a channel; it is used again once the user sets it again.</summary>
public sealed record UnreachableInfo(string Channel, string Address, string Reason, DateTimeOffset At);
