using System.Collections.Concurrent;

namespace Notifications.Runtime.Tests;

/// <summary>What test grains report back: events in the order they happened, and counters.</summary>
public sealed class Probe
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentDictionary<string, int> Counters { get; } = new();

    public void Record(string e) => Events.Enqueue(e);

    public int Increment(string counter) => Counters.AddOrUpdate(counter, 1, (_, value) => value + 1);

    public int Add(string counter, int delta) => Counters.AddOrUpdate(counter, delta, (_, value) => value + delta);

    /// <summary>Keeps the largest value seen under <paramref name="counter"/>.</summary>
    public void RecordMax(string counter, int value) => Counters.AddOrUpdate(counter, value, (_, current) => Math.Max(current, value));

    public int Count(string counter) => Counters.TryGetValue(counter, out var value) ? value : 0;
}
