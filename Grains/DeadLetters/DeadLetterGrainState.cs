namespace Notifications.Grains;

public sealed class DeadLetterGrainState
{
    /// <summary>In the order they were dead-lettered.</summary>
    public List<DeadLetter> Items { get; set; } = [];
}
