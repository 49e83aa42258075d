namespace Notifications.Grains;

/// <summary>
/// The events of one notification an endpoint has yet to receive because the first of them failed: that one is tried
/// again at <see cref="NextAttemptAt"/>, and the others follow it in order once it gets through (or is given up).
/// </summary>
[GenerateSerializer, Alias("Notifications.Grains.RetryingEvents")]
public sealed class RetryingEvents
{
    [Id(0)]
    public string OrderKey { get; set; } = "";

    /// <summary>Their sequence numbers in the log, in order.</summary>
    [Id(1)]
    public List<long> Sequences { get; set; } = [];

    /// <summary>Attempts the first of them has failed.</summary>
    [Id(2)]
    public int Attempts { get; set; }

    [Id(3)]
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Adds an event in its place: a replay can meet events it holds already.</summary>
    public void Add(long sequence)
    {
        var index = Sequences.BinarySearch(sequence);
        if (index < 0)
        {
            Sequences.Insert(~index, sequence);
        }
    }
}
