namespace Notifications.Grains;

/// <summary>
/// Bounded concurrency that stays on the caller's scheduler. In a grain, every body runs as part of the calling
/// turn on the activation's own scheduler (as Orleans requires of grain code), and the calls they make overlap while
/// they wait on other grains; <c>Parallel.ForEachAsync</c> would run the bodies on the thread pool instead.
/// </summary>
internal static class Concurrently
{
    public static Task ForEachAsync<T>(IReadOnlyList<T> items, int degree, Func<T, int, Task> body, CancellationToken cancellationToken = default)
    {
        var next = -1;
        async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await body(items[i], i);
            }
        }

        return Task.WhenAll(Enumerable.Range(0, Math.Min(degree, items.Count)).Select(_ => WorkAsync()));
    }
}
