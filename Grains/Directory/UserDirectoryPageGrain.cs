namespace Notifications.Grains;

/// <summary>
/// One page of a tenant's users. Reentrant, so that the users joining it at once (an import) are stored by one write;
/// read once per scan, so let go soon after.
/// </summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 1)]
public sealed class UserDirectoryPageGrain([PersistentState("user-directory-page")] IPersistentState<UserDirectoryPageGrainState> page) : Grain, IUserDirectoryPageGrain
{
    private HashSet<string>? _listed;

    private CoalescedWrite? _write;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _listed = new HashSet<string>(page.State.UserIds, StringComparer.Ordinal);
        _write = new CoalescedWrite(() => page.WriteStateAsync());
        return Task.CompletedTask;
    }

    public Task AddAsync(IReadOnlyList<string> userIds)
    {
        var added = 0;
        foreach (var userId in userIds)
        {
            if (_listed!.Add(userId))
            {
                page.State.UserIds.Add(userId);
                added++;
            }
        }

        return added == 0 ? _write!.WhenStoredAsync() : _write!.WriteAsync();
    }

    public Task RemoveAsync(IReadOnlyList<string> userIds)
    {
        var removed = 0;
        foreach (var userId in userIds)
        {
            if (_listed!.Remove(userId))
            {
                removed++;
            }
        }

        if (removed == 0)
        {
            return _write!.WhenStoredAsync();
        }

        page.State.UserIds.RemoveAll(id => !_listed!.Contains(id));
        return _write!.WriteAsync();
    }

    public Task<IReadOnlyList<string>> GetAsync() => Task.FromResult<IReadOnlyList<string>>(page.State.UserIds.ToArray());
}
