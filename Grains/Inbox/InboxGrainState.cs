namespace Notifications.Grains;

public sealed class InboxGrainState
{
    /// <summary>Oldest first; the position after the last item is the next sequence.</summary>
    public List<InboxItem> Items { get; set; } = [];
}
