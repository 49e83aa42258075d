namespace Notifications.Client;

/// <summary>At most <paramref name="Limit"/> notifications of a category per user per <paramref name="PerSeconds"/>.</summary>
/// <param name="Action"><c>suppress</c> (the default) drops the rest; <c>defer</c> makes them wait for room.</param>
public sealed record FrequencyCap(int Limit, int PerSeconds, string? Action = null);
