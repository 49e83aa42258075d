using Microsoft.Extensions.Options;

namespace Notifications.Silo;

/// <summary>
/// The server-sent event streams open on this silo (inboxes, statistics): each holds a connection and a subscription
/// for as long as its client likes, so one caller may hold only so many, and the silo only so many in all.
/// </summary>
internal sealed class EventStreamSlots(IOptions<LimitsOptions> options)
{
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>A slot for <paramref name="caller"/>, given back when the request ends; null when none is free.</summary>
    public IDisposable? TryTake(string caller)
    {
        var limits = options.Value;
        lock (_byCaller)
        {
            var held = _byCaller.GetValueOrDefault(caller);
            if (_open >= limits.MaxEventStreams || held >= limits.MaxEventStreamsPerCaller)
            {
                return null;
            }

            _byCaller[caller] = held + 1;
            _open++;
        }

        return new Slot(this, caller);
    }

    private void Release(string caller)
    {
        lock (_byCaller)
        {
            _open--;
            if (--_byCaller[caller] == 0)
            {
                _byCaller.Remove(caller);
            }
        }
    }

    private sealed class Slot(EventStreamSlots slots, string caller) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release(caller);
            }
        }
    }
}
