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

    /// <summary>Takes a slot for <paramref name="caller"/> for as long as <paramref name="context"/>'s request lasts; false when none is free.</summary>
    public bool TryTakeFor(HttpContext context, string caller)
    {
        if (TryTake(caller) is not { } slot)
        {
            return false;
        }

        context.Response.RegisterForDispose(slot);
        return true;
    }

    private IDisposable? TryTake(string caller)
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
