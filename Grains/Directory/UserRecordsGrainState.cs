namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.UserRecordsGrainState")]
public sealed class UserRecordsGrainState
{
    /// <summary>Oldest first.</summary>
    [Id(0)]
    public List<UserRecord> Recent { get; set; } = [];

    [Id(1)]
    public int SealedPages { get; set; }

    /// <summary>Sealed pages before this one were removed: every record on them had gone at the end of its retention.</summary>
    [Id(2)]
    public int FirstKeptPage { get; set; }

    /// <summary>When each kept sealed page was sealed, oldest first (empty in a state stored before pages were removed).</summary>
    [Id(3)]
    public List<DateTimeOffset> SealedAt { get; set; } = [];
}
