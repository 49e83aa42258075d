using System.Globalization;

namespace Notifications.Runtime;

/// <summary>State and reminders in process memory, with the same etag rules as the durable stores. For tests.</summary>
public sealed class MemoryGrainStorage : IGrainStorage, IReminderTable
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId, string), (byte[] Data, long Etag, string? Owner, IReadOnlyCollection<string> GroupOwners)> _states = new();
    private readonly Dictionary<(GrainId, string), ReminderEntry> _reminders = new();

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlyList<string>> ListKeysAsync(string grainType, string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(_states.Keys
                .Where(k => k.Item1.Type == grainType && k.Item2 == stateName && k.Item1.Key.StartsWith(keyPrefix, StringComparison.Ordinal)
                            && (afterKey is null || string.CompareOrdinal(k.Item1.Key, afterKey) > 0))
                .Select(k => k.Item1.Key)
                .Order(StringComparer.Ordinal)
                .Take(limit)
                .ToArray());
        }
    }

    public Task<IReadOnlyList<string>> ListKeysByOwnerAsync(string grainType, string stateName, string owner, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(_states
                .Where(s => s.Key.Item1.Type == grainType && s.Key.Item2 == stateName && (s.Value.Owner == owner || s.Value.GroupOwners.Contains(owner))
                            && (afterKey is null || string.CompareOrdinal(s.Key.Item1.Key, afterKey) > 0))
                .Select(s => s.Key.Item1.Key)
                .Order(StringComparer.Ordinal)
                .Take(limit)
                .ToArray());
        }
    }

    public Task<GrainStateRecord?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_states.TryGetValue((key.GrainId, key.StateName), out var stored)
                ? new GrainStateRecord(stored.Data.ToArray(), stored.Etag.ToString(CultureInfo.InvariantCulture))
                : null);
        }
    }

    public Task<string> WriteAsync(GrainStateKey key, byte[] data, string? etag, string? owner, IReadOnlyCollection<string>? groupOwners, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _states.TryGetValue((key.GrainId, key.StateName), out var stored) ? stored.Etag.ToString(CultureInfo.InvariantCulture) : null;
            if (current != etag)
            {
                throw new InconsistentStateException($"Stale etag for {key.GrainId} state '{key.StateName}'.", current, etag);
            }

            var next = (stored.Etag) + 1;
            _states[(key.GrainId, key.StateName)] = (data.ToArray(), next, owner, groupOwners?.ToArray() ?? stored.GroupOwners ?? []);
            return Task.FromResult(next.ToString(CultureInfo.InvariantCulture));
        }
    }

    public Task ClearAsync(GrainStateKey key, string? etag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _states.TryGetValue((key.GrainId, key.StateName), out var stored) ? stored.Etag.ToString(CultureInfo.InvariantCulture) : null;
            if (current != etag)
            {
                throw new InconsistentStateException($"Stale etag for {key.GrainId} state '{key.StateName}'.", current, etag);
            }

            _states.Remove((key.GrainId, key.StateName));
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRemindersAsync(IReadOnlyCollection<int> partitions, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var owned = partitions.ToHashSet();
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_reminders.Values.Where(r => owned.Contains(r.Partition)).ToArray());
        }
    }

    public Task UpsertReminderAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _reminders[(entry.GrainId, entry.Name)] = entry;
            return Task.CompletedTask;
        }
    }

    public Task RemoveReminderAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _reminders.Remove((grainId, name));
            return Task.CompletedTask;
        }
    }
}
