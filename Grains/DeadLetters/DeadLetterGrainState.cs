namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.DeadLetterGrainState")]
public sealed class DeadLetterGrainState
{
    /// <summary>In the order they were dead-lettered.</summary>
    [Id(0)]
    public List<DeadLetter> Items { get; set; } = [];
}
