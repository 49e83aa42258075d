namespace Notifications.Runtime.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>The trace and parent span the call arrived with, as W3C ids; null without a current activity.</summary>
    Task<string?> CallerTraceAsync();

    Task<int> IncrementAsync();

    /// <summary>Writes the count and, a moment later in the same run of the grain's code, registers a reminder.</summary>
    Task IncrementAndRemindAsync();

    [ReadOnly]
    Task<int> GetAsync();

    Task<Guid> GetActivationIdAsync();

    Task<int> TrackOverlapAsync(TimeSpan hold);

    [AlwaysInterleave]
    Task ReleaseAsync();

    Task WaitForReleaseAsync();

    Task FailAsync(string message);

    Task HangAsync();

    [ResponseTimeout("00:00:05")]
    Task<int> SlowIncrementAsync(TimeSpan hold);

    [OneWay]
    Task SlowOneWayAsync(TimeSpan hold);

    Task DeactivateAsync();

    Task StartTimerAsync(TimeSpan period);
}
