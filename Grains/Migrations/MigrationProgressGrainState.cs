namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.MigrationProgressGrainState")]
public sealed class MigrationProgressGrainState
{
    [Id(0)]
    public MigrationProgress? Progress { get; set; }
}
