namespace Notifications.Grains;

/// <summary>
/// Gathers a tenant's delivery events for one batch of the pump: counted by the second they happened in, and folded
/// into a row per notification. A notification's steps mostly fall in one batch (a page delivers a recipient from
/// accept to delivered in a few milliseconds), so what the stream carries and its consumers read is a row per
/// notification and a few seconds' counts, not five events each.
/// </summary>
public sealed class DeliveryEventBatchBuilder
{
    private readonly Dictionary<long, StatsBucket> _seconds = [];

    private readonly Dictionary<string, MessageLogRow> _rows = new(StringComparer.Ordinal);

    public void Add(DeliveryEvent step)
    {
        var second = step.At.ToUnixTimeSeconds();
        if (!_seconds.TryGetValue(second, out var bucket))
        {
            _seconds[second] = bucket = new StatsBucket();
        }

        bucket.Add(step);
        if (step.Status is null)
        {
            // An engagement is counted, but moves no notification on.
            return;
        }

        _rows[step.NotificationId] = _rows.TryGetValue(step.NotificationId, out var row) ? row.With(step) : MessageLogRow.Of(step);
    }

    public DeliveryEventBatch Build(Guid source, long sequence) =>
        new(source, sequence, [], [.. _seconds.Select(s => s.Value.ToSecond(s.Key))], [.. _rows.Values]);

    /// <summary>
    /// The batch with any steps it carries one by one (as batches were made before the pump counted and folded them, by
    /// an older silo) counted and folded as the pump does, so that its consumers read seconds and rows only.
    /// </summary>
    public static DeliveryEventBatch Folded(DeliveryEventBatch batch)
    {
        if (batch.Events.Count == 0)
        {
            return batch;
        }

        var builder = new DeliveryEventBatchBuilder();
        foreach (var step in batch.Events)
        {
            builder.Add(step);
        }

        var folded = builder.Build(batch.Source, batch.Sequence);
        return folded with { Seconds = [.. batch.Seconds ?? [], .. folded.Seconds!], Rows = [.. batch.Rows ?? [], .. folded.Rows!] };
    }
}
