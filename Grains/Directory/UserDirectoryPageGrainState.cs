namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.UserDirectoryPageGrainState")]
public sealed class UserDirectoryPageGrainState
{
    [Id(0)]
    public List<string> UserIds { get; set; } = [];
}
