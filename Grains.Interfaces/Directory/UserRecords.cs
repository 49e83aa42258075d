namespace Notifications.Grains;

/// <param name="Recent">The latest records, oldest first.</param>
/// <param name="SealedPages">Older records are in pages <paramref name="FirstPage"/> to this minus one.</param>
/// <param name="FirstPage">Pages before it were removed: what they named had gone at the end of its retention.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.UserRecords")]
public sealed record UserRecords(IReadOnlyList<UserRecord> Recent, int SealedPages, int FirstPage = 0);
