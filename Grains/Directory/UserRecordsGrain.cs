namespace Notifications.Grains;

/// <summary>
/// What is held about a user, record by record. Reentrant, so that the notifications a user is sent at once are
/// stored by one write. A full page is sealed into a page grain before the records leave this one, so a crash in
/// between leaves a record in both (readers take it once), never in neither.
/// </summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 2)]
public sealed class UserRecordsGrain([PersistentState("user-records")] IPersistentState<UserRecordsGrainState> records) : Grain, IUserRecordsGrain
{
    /// <summary>Each add rewrites the latest records: a small page keeps that write small for a user sent a lot.</summary>
    public const int RecordsPerPage = 32;

    private HashSet<string>? _recent;

    private CoalescedWrite? _write;

    private bool _sealing;

    private UserRecordsGrainState State => records.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _recent = new HashSet<string>(State.Recent.Select(r => r.Key), StringComparer.Ordinal);
        _write = new CoalescedWrite(() => records.WriteStateAsync());
        return Task.CompletedTask;
    }

    public async Task AddAsync(UserRecord record, bool bulk = false)
    {
        if (bulk)
        {
            DeactivateOnIdle();
        }

        if (!_recent!.Add(record.Key))
        {
            await _write!.WhenStoredAsync();
            return;
        }

        State.Recent.Add(record);
        await _write!.WriteAsync();
        if (State.Recent.Count >= RecordsPerPage && !_sealing)
        {
            await SealAsync();
        }
    }

    private async Task SealAsync()
    {
        _sealing = true;
        try
        {
            // Records added while a page is being sealed may fill the next one: sealed too before this turn ends.
            while (State.Recent.Count >= RecordsPerPage)
            {
                await SealPageAsync();
            }
        }
        finally
        {
            _sealing = false;
        }
    }

    private async Task SealPageAsync()
    {
        var sealedRecords = State.Recent.Take(RecordsPerPage).ToArray();
        await GrainFactory.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(this.GetPrimaryKeyString(), State.SealedPages)).WriteAsync(sealedRecords);
        State.Recent.RemoveRange(0, sealedRecords.Length);
        State.SealedPages++;
        foreach (var record in sealedRecords)
        {
            _recent!.Remove(record.Key);
        }

        await _write!.WriteAsync();
    }

    public Task<UserRecords> GetAsync() => Task.FromResult(new UserRecords(State.Recent.ToArray(), State.SealedPages));

    public async Task ClearAsync()
    {
        await Task.WhenAll(Enumerable.Range(0, State.SealedPages)
            .Select(page => GrainFactory.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(this.GetPrimaryKeyString(), page)).ClearAsync()));
        State.Recent.Clear();
        _recent!.Clear();
        State.SealedPages = 0;
        await _write!.WhenStoredAsync();
        await records.ClearStateAsync();
        DeactivateOnIdle();
    }
}
