namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.UserDirectoryGrainState")]
public sealed class UserDirectoryGrainState
{
    /// <summary>Pages handed out; each activation fills a page of its own, so how full the last one is need not be stored.</summary>
    [Id(0)]
    public int Pages { get; set; }
}
