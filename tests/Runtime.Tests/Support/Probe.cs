using System.Collections.Concurrent;

namespace Notifications.Runtime.Tests;

/// <summary>What test grains report back: events in the order they happened, and counters.</summary>
public sealed class Probe
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentDictionary<string, int> Counters { get; } = new();

    public void Record(string e) => Events.Enqueue(e);

    public int Increment(string counter) => Counters.AddOrUpdate(counter, 1, (_, value) => value + 1);

    public int Count(string counter) => Counters.TryGetValue(counter, out var value) ? value : 0;
}
