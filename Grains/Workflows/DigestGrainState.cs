using System.Text.Json;

namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.DigestGrainState")]
public sealed class DigestGrainState
{
    /// <summary>The run that sends the open digest; null when none is open.</summary>
    [Id(0)]
    public string? Leader { get; set; }

    [Id(1)]
    public DateTimeOffset SendAt { get; set; }

    [Id(2)]
    public List<JsonElement> Events { get; set; } = [];

    [Id(3)]
    public int Count { get; set; }

    /// <summary>The runs whose events are in the open digest, so that a run joining again after a crash is not counted twice.</summary>
    [Id(4)]
    public HashSet<string> Members { get; set; } = [];

    /// <summary>The runs of recently closed digests and their leaders: a run that joins again after its digest went hears where it went.</summary>
    [Id(5)]
    public Dictionary<string, string> ClosedMembers { get; set; } = [];

    /// <summary>What recently closed digests handed their leaders, for a leader that asks again after a crash.</summary>
    [Id(6)]
    public Dictionary<string, DigestContents> Closed { get; set; } = [];

    /// <summary>The leaders in <see cref="Closed"/>, oldest first.</summary>
    [Id(7)]
    public List<string> ClosedOrder { get; set; } = [];
}
