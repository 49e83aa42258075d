namespace Notifications.Grains;

/// <param name="Recent">The latest records, oldest first.</param>
/// <param name="SealedPages">Older records are in pages 0 to this minus one.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.UserRecords")]
public sealed record UserRecords(IReadOnlyList<UserRecord> Recent, int SealedPages);
