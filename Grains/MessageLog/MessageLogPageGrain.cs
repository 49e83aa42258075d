namespace Notifications.Grains;

[GrainType(GrainTypeName)]
[CollectionAgeLimit(Minutes = 2)]
public sealed class MessageLogPageGrain([PersistentState(MessageLogPageGrainState.Name)] IPersistentState<MessageLogPageGrainState> page) : Grain, IMessageLogPageGrain
{
    /// <summary>Stable in grain ids and stored keys: renaming the class must not orphan them.</summary>
    public const string GrainTypeName = "messagelogpage";

    public async Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<DeliveryEvent> steps)
    {
        var rows = page.State.Rows;
        var missing = new List<string>();
        foreach (var step in steps)
        {
            if (rows.TryGetValue(step.NotificationId, out var row))
            {
                rows[step.NotificationId] = row.With(step);
            }
            else
            {
                missing.Add(step.NotificationId);
            }
        }

        if (missing.Count < steps.Count)
        {
            await page.WriteStateAsync();
        }

        return missing.Distinct(StringComparer.Ordinal).ToArray();
    }

    public async Task<int> AddAsync(IReadOnlyList<DeliveryEvent> steps)
    {
        var rows = page.State.Rows;
        var made = 0;
        foreach (var step in steps)
        {
            if (rows.TryGetValue(step.NotificationId, out var row))
            {
                rows[step.NotificationId] = row.With(step);
            }
            else
            {
                rows[step.NotificationId] = MessageLogRow.Of(step);
                made++;
            }
        }

        await page.WriteStateAsync();
        return made;
    }

    public Task<IReadOnlyList<MessageLogRow>> SearchAsync(MessageLogFilter filter, MessageLogCursor? after, int limit)
    {
        var found = page.State.Rows.Values.Where(row => filter.Matches(row) && row.IsAfter(after)).ToList();
        found.Sort(MessageLogRow.NewestFirst);
        return Task.FromResult<IReadOnlyList<MessageLogRow>>(found.Count > limit ? found.GetRange(0, limit) : found);
    }

    public async Task ClearAsync()
    {
        await page.ClearStateAsync();
        DeactivateOnIdle();
    }
}
