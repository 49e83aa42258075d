using Notifications.Client;

namespace Notifications.Silo;

/// <summary>How the silo joins its cluster (<c>Notifications:Orleans</c>).</summary>
public sealed class OrleansSettings : ClusterSettings
{
    /// <summary>Where silos talk to each other.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The address other silos and clients reach this silo at, in a cluster (the redis and azure providers); loopback suits a cluster on one machine.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// How long a silo waits for another's answer to a liveness probe. With <see cref="MissedProbesLimit"/>, how soon a
    /// silo that died is declared dead and its grains and reminders move to the others: 2 s and 3 by default, so a
    /// dead silo is out within about 10 s (Orleans' own defaults, 5 s and 3, take twice that).
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Probes a silo may miss in a row before the others vote it dead.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How long a caller waits for a grain call.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle activation lives, unless its class sets its own age.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Serves Orleans' own dashboard at <c>/orleans/</c> to operators. Its profiler runs only while someone looks, but
    /// it keeps Orleans' runtime metrics on (about 3% of the CPU in the profile in BENCHMARKS.md): a silo that no
    /// one watches that way can turn it off.
    /// </summary>
    public bool Dashboard { get; set; } = true;
}
