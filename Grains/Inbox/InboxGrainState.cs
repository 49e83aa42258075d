namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.InboxGrainState")]
public sealed class InboxGrainState
{
    /// <summary>Oldest first; the position after the last item is the next sequence.</summary>
    [Id(0)]
    public List<InboxItem> Items { get; set; } = [];
}
