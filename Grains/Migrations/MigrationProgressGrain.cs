namespace Notifications.Grains;

public sealed class MigrationProgressGrain([PersistentState("migration")] IPersistentState<MigrationProgressGrainState> migration) : Grain, IMigrationProgressGrain
{
    public Task<MigrationProgress> GetAsync() => Task.FromResult(migration.State.Progress ?? new MigrationProgress(0, null, false));

    public Task SaveAsync(MigrationProgress progress)
    {
        migration.State.Progress = progress;
        return migration.WriteStateAsync();
    }
}
