namespace Notifications.Grains;

/// <param name="Step">The step under way, from 0.</param>
/// <param name="AfterKey">The last key the step finished, or null at its start.</param>
/// <param name="Done">Every step is finished.</param>
/// <param name="Until">When what the migration keeps up for a while ends (the old ids of keyed sends), if it keeps anything up.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.MigrationProgress")]
public sealed record MigrationProgress(int Step, string? AfterKey, bool Done, DateTimeOffset? Until = null);
