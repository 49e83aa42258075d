namespace Notifications.Grains;

/// <summary>A tenant's topic ids. A topic is listed before it is stored and unlisted after it is gone, so the list
/// may name a topic a crash kept from being made (readers skip it), never miss one that exists.</summary>
public sealed class TopicDirectoryGrain([PersistentState("topic-directory")] IPersistentState<TopicDirectoryGrainState> directory) : Grain, ITopicDirectoryGrain
{
    private List<string> TopicIds => directory.State.TopicIds;

    public async Task AddAsync(string topicId)
    {
        var at = TopicIds.BinarySearch(topicId, StringComparer.Ordinal);
        if (at < 0)
        {
            TopicIds.Insert(~at, topicId);
            await directory.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string topicId)
    {
        var at = TopicIds.BinarySearch(topicId, StringComparer.Ordinal);
        if (at >= 0)
        {
            TopicIds.RemoveAt(at);
            await directory.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string? afterId, int limit)
    {
        var from = 0;
        if (afterId is not null)
        {
            var at = TopicIds.BinarySearch(afterId, StringComparer.Ordinal);
            from = at >= 0 ? at + 1 : ~at;
        }

        return Task.FromResult<IReadOnlyList<string>>(TopicIds.Skip(from).Take(limit).ToArray());
    }
}
