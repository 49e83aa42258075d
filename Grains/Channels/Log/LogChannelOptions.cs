namespace Notifications.Grains;

/// <summary>Bound from <c>Notifications:LogChannel</c>.</summary>
public sealed class LogChannelOptions
{
    public const string SectionName = "Notifications:LogChannel";

    /// <summary>
    /// Writes each message's title and text into the log. Off by default: a log is kept and shipped far more widely than
    /// a message should be (one-time codes, personal details); <c>dotnet run</c> turns it on for trying things out.
    /// </summary>
    public bool ShowMessages { get; set; }
}
