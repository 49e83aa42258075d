namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.UserRecordsGrainState")]
public sealed class UserRecordsGrainState
{
    /// <summary>Oldest first.</summary>
    [Id(0)]
    public List<UserRecord> Recent { get; set; } = [];

    [Id(1)]
    public int SealedPages { get; set; }
}
