namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.RetentionJournalGrainState")]
public sealed class RetentionJournalGrainState
{
    public const string Name = "retention-journal";

    /// <summary>Records of the segment still being written.</summary>
    [Id(0)]
    public List<RetainedRecord> Open { get; set; } = [];

    /// <summary>Segments sealed, numbered from 0.</summary>
    [Id(1)]
    public int Sealed { get; set; }

    /// <summary>Segments whose records are all removed (the open one counts last).</summary>
    [Id(2)]
    public int Removed { get; set; }

    /// <summary>Records removed so far.</summary>
    [Id(3)]
    public long RemovedRecords { get; set; }

    /// <summary>Records per segment, fixed when the journal is first written: the rounds count in it.</summary>
    [Id(4)]
    public int SegmentSize { get; set; }
}
