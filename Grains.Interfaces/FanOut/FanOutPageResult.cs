namespace Notifications.Grains;

/// <param name="Notifications">Recipients whose notification this page made.</param>
/// <param name="Skipped">Recipients whose notification had been made before (a page made again after a crash).</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.FanOutPageResult")]
public sealed record FanOutPageResult(long Notifications, long Skipped);
