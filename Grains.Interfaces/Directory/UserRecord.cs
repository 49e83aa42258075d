namespace Notifications.Grains;

/// <summary>A grain that holds something sent to a user.</summary>
/// <param name="Key">The notification's id, or the fan-out page's key.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.UserRecord")]
public sealed record UserRecord(UserRecordKind Kind, string Key);
