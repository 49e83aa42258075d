namespace Notifications.Grains;

/// <summary>
/// Hands out places in a tenant's pages of users. Only the number of pages is stored, once for every page: an
/// activation starts a page of its own, so a crash leaves a page part full, never a page the count does not cover.
/// Reentrant, so that places asked for at once are stored by one write.
/// </summary>
[Reentrant]
public sealed class UserDirectoryGrain([PersistentState("user-directory")] IPersistentState<UserDirectoryGrainState> directory) : Grain, IUserDirectoryGrain
{
    public const int UsersPerPage = 1_000;

    private int _fill = UsersPerPage;

    /// <summary>Pages known to be stored: a place on a page beyond them is not answered before it is.</summary>
    private int _stored;

    private CoalescedWrite? _write;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = directory.State.Pages;
        _write = new CoalescedWrite(async () =>
        {
            var pages = directory.State.Pages;
            await directory.WriteStateAsync();
            _stored = Math.Max(_stored, pages);
        });
        return Task.CompletedTask;
    }

    public async Task<int[]> PlaceAsync(int count)
    {
        var places = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (_fill >= UsersPerPage)
            {
                directory.State.Pages++;
                _fill = 0;
            }

            places[i] = directory.State.Pages - 1;
            _fill++;
        }

        while (count > 0 && places[^1] >= _stored)
        {
            await _write!.WriteAsync();
        }

        return places;
    }

    public Task<int> PagesAsync() => Task.FromResult(_stored);
}
