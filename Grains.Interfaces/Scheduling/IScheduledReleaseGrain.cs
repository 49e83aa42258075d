namespace Notifications.Grains;

/// <summary>
/// The batches that wait for one send time (a part of them: see <c>ScheduledReleaseGrain.KeyFor</c>), with the one
/// durable reminder due then: at their time it lets them into the lanes a few at a time, activating each only then,
/// rather than every waiting batch keeping a reminder and waking at once.
/// </summary>
[Alias("Notifications.Grains.IScheduledReleaseGrain")]
public interface IScheduledReleaseGrain : IGrainWithStringKey
{
    /// <summary>Adds the fan-out page <paramref name="pageKey"/>, to be released at <paramref name="sendAt"/>: durable when this returns.</summary>
    [Alias("AddAsync")]
    Task AddAsync(string pageKey, DateTimeOffset sendAt);

    /// <summary>Releases every batch added so far whose time has come; a call of its own, so that the activation stays while it works.</summary>
    [OneWay]
    [Alias("ReleaseAsync")]
    Task ReleaseAsync();
}
