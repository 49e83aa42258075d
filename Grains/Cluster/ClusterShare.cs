namespace Notifications.Grains;

/// <summary>
/// This silo's part of a limit configured for the whole service: a provider's rate and concurrency cap are each
/// silo's total divided by the active silos, so that 100 a second configured is 100 a second across three silos, not
/// 300. Grains are placed evenly, so each silo carries about its part of the load.
/// </summary>
public sealed class ClusterShare
{
    private volatile Members _members = new(Rank: 0, Silos: 1);

    /// <summary>Raised when silos join or leave: whoever holds a part sizes it again.</summary>
    public event Action? Changed;

    public int Silos => _members.Silos;

    /// <summary>An even part of <paramref name="total"/>.</summary>
    public double Of(double total) => total / _members.Silos;

    /// <summary>
    /// A whole part of <paramref name="total"/>, the remainder going to the first silos so that the parts add up to it;
    /// at least one, so that a cap below the number of silos is one per silo.
    /// </summary>
    public int Of(int total)
    {
        var (rank, silos) = _members;
        return Math.Max(1, total / silos + (rank < total % silos ? 1 : 0));
    }

    /// <summary><paramref name="rank"/> is this silo's place among the <paramref name="silos"/> active ones, in a order every silo agrees on.</summary>
    public void Update(int rank, int silos)
    {
        var members = new Members(rank, Math.Max(1, silos));
        if (members == _members)
        {
            return;
        }

        _members = members;
        Changed?.Invoke();
    }

    private sealed record Members(int Rank, int Silos);
}
