namespace Notifications.Client;

/// <param name="OpenRate">Opened per delivered, from 0 to 1; null before anything was delivered.</param>
public sealed record EngagementRateInfo(string Name, long Delivered, long Opened, long Clicked, double? OpenRate, double? ClickRate);
