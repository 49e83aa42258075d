namespace Notifications.Grains;

/// <summary>The ids of a tenant's topics, in ordinal order, keyed by the tenant: what the topic list pages through.</summary>
[Alias("Notifications.Grains.ITopicDirectoryGrain")]
public interface ITopicDirectoryGrain : IGrainWithStringKey
{
    [Alias("AddAsync")]
    Task AddAsync(string topicId);

    [Alias("RemoveAsync")]
    Task RemoveAsync(string topicId);

    /// <param name="afterId">The last id of the previous page, or null for the first.</param>
    [ReadOnly]
    [Alias("ListAsync")]
    Task<IReadOnlyList<string>> ListAsync(string? afterId, int limit);
}
