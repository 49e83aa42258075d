namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.UserRecordsPageGrainState")]
public sealed class UserRecordsPageGrainState
{
    [Id(0)]
    public List<UserRecord> Records { get; set; } = [];
}
