namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.DeadLetterGrainState")]
public sealed class DeadLetterGrainState
{
    /// <summary>In the order they were dead-lettered.</summary>
    [Id(0)]
    public List<DeadLetter> Items { get; set; } = [];

    /// <summary>The tenant's dead-letter rate alert, while it is raised.</summary>
    [Id(1)]
    public ActiveAlert? RateAlert { get; set; }

    /// <summary>The rate alert's raising was told (it is stored before it is, and told again until it is).</summary>
    [Id(2)]
    public bool RateAlertTold { get; set; }
}
