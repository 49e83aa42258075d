namespace Notifications.Grains;

/// <summary>When the service raises alerts, and who hears of them (<c>Notifications:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Notifications:Alerts";

    /// <summary>The tenant whose event endpoints receive the service's own alerts (providers, channels, backlog).</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>An operator's address that is emailed each alert raised and resolved (through the email channel); none by default.</summary>
    public string? Email { get; set; }

    /// <summary>How often each silo reports what it sees, and the service's alerts are looked at again.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A tenant's alert is raised when this many of its notifications are dead-lettered within <see cref="DeadLetterWindow"/>; 0 turns it off.</summary>
    public int DeadLetters { get; set; } = 10;

    public TimeSpan DeadLetterWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The backlog alert is raised when the cluster's backlog, above <see cref="BacklogFloor"/>, never fell below where it was this long ago.</summary>
    public TimeSpan BacklogGrowingFor { get; set; } = TimeSpan.FromMinutes(5);

    public int BacklogFloor { get; set; } = 1_000;
}
