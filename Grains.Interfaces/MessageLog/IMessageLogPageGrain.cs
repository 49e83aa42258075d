namespace Notifications.Grains;

/// <summary>A page of a tenant's message log, keyed <c>tenant/page</c>: up to a few thousand rows, by notification id.</summary>
[Alias("Notifications.Grains.IMessageLogPageGrain")]
public interface IMessageLogPageGrain : IGrainWithStringKey
{
    /// <summary>Applies the steps (each notification's folded into a row) to the rows it has; the ids of the notifications it has no row for.</summary>
    [Alias("ApplyRowsAsync")]
    Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<MessageLogRow> steps);

    /// <summary>Applies the steps (each notification's folded into a row), taking the row of each notification it has none for; how many rows it took.</summary>
    [Alias("AddRowsAsync")]
    Task<int> AddAsync(IReadOnlyList<MessageLogRow> steps);

    /// <summary>Up to <paramref name="limit"/> matching rows after <paramref name="after"/>, newest first.</summary>
    [ReadOnly]
    [Alias("SearchAsync")]
    Task<IReadOnlyList<MessageLogRow>> SearchAsync(MessageLogFilter filter, MessageLogCursor? after, int limit);

    /// <summary>Removes the page, at the end of its retention.</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();
}
