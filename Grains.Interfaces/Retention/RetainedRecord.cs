namespace Notifications.Grains;

/// <summary>A record to remove at the end of its tenant's retention: what it is, and its grain's key.</summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.RetainedRecord")]
public sealed record RetainedRecord(RetainedKind Kind, string Key);
