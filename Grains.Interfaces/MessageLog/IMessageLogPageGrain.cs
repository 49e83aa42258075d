namespace Notifications.Grains;

/// <summary>A page of a tenant's message log, keyed <c>tenant/page</c>: up to a few thousand rows, by notification id.</summary>
[Alias("Notifications.Grains.IMessageLogPageGrain")]
public interface IMessageLogPageGrain : IGrainWithStringKey
{
    /// <summary>Applies the steps to their rows, making rows for those in <paramref name="create"/>; the ids of the other steps' notifications it has no row for.</summary>
    [Alias("ApplyAsync")]
    Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<DeliveryEvent> steps, bool create);

    /// <summary>Up to <paramref name="limit"/> matching rows after <paramref name="after"/>, newest first.</summary>
    [ReadOnly]
    [Alias("SearchAsync")]
    Task<IReadOnlyList<MessageLogRow>> SearchAsync(MessageLogFilter filter, MessageLogCursor? after, int limit);

    /// <summary>Removes the page, at the end of its retention.</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();
}
