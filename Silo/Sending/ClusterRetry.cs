namespace Notifications.Silo;

/// <summary>
/// Calls a grain again when the silo it was on is leaving the cluster (a rolling restart, a silo that died): Orleans
/// then rejects the call or reports the silo gone, and the next call activates the grain on a silo that stays. Only
/// for calls that may be made twice: an accept under a fixed id, which meets itself as a duplicate.
/// </summary>
internal static class ClusterRetry
{
    private const int Attempts = 5;

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is OrleansMessageRejectionException or SiloUnavailableException && attempt < Attempts)
            {
                await Task.Delay(Pause);
            }
        }
    }

    public static Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });
}
