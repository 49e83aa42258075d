namespace Notifications.Grains;

/// <summary>How far a one-time migration of stored data has come, keyed by the migration's name, so that it resumes
/// where a restart cut it off and runs once per store.</summary>
[Alias("Notifications.Grains.IMigrationProgressGrain")]
public interface IMigrationProgressGrain : IGrainWithStringKey
{
    [ReadOnly]
    [Alias("GetAsync")]
    Task<MigrationProgress> GetAsync();

    [Alias("SaveAsync")]
    Task SaveAsync(MigrationProgress progress);
}
