namespace Notifications.Grains;

/// <param name="Backlog">Notifications waiting in the lanes of every silo that reported lately.</param>
/// <param name="Silos">How many silos that is.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.ClusterBacklog")]
public sealed record ClusterBacklog(int Backlog, int Silos)
{
    public int PerSilo => Silos == 0 ? 0 : Backlog / Silos;
}
