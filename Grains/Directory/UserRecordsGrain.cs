namespace Notifications.Grains;

/// <summary>
/// What is held about a user, record by record. Reentrant, so that the notifications a user is sent at once are
/// stored by one write. A full page is sealed into a page grain before the records leave this one, so a crash in
/// between leaves a record in both (readers take it once), never in neither.
/// </summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 2)]
public sealed class UserRecordsGrain(
    [PersistentState("user-records")] IPersistentState<UserRecordsGrainState> records,
    Microsoft.Extensions.Options.IOptions<RetentionOptions> retention,
    TimeProvider time) : Grain, IUserRecordsGrain
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
        State.SealedAt.Add(time.GetUtcNow());
        foreach (var record in sealedRecords)
        {
            _recent!.Remove(record.Key);
        }

        await _write!.WriteAsync();
        if (!_pruning)
        {
            // Not in the way of the add that sealed the page (an accept waits on it): this grain is reentrant.
            _pruning = true;
            _ = PruneAsync();
        }
    }

    private bool _pruning;

    private async Task PruneAsync()
    {
        try
        {
            await RemoveOldestPageIfGoneAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Looked at again when the next page is sealed.
        }
        finally
        {
            _pruning = false;
        }
    }

    /// <summary>
    /// The oldest kept page goes once it was sealed longer ago than the tenant's retention and nothing it names is
    /// kept any more (a notification scheduled far ahead keeps its page): a page is looked at once per page sealed,
    /// so what is held about a user stays bounded by what is still kept.
    /// </summary>
    private async Task RemoveOldestPageIfGoneAsync()
    {
        var kept = State.SealedPages - State.FirstKeptPage;
        if (State.SealedAt.Count != kept || kept < 2)
        {
            return;
        }

        var key = this.GetPrimaryKeyString();
        var tenant = key[..key.IndexOf('/')];
        if (State.SealedAt[0] >= time.GetUtcNow() - await RetentionJournal.RetentionOfAsync(GrainFactory, tenant, retention.Value))
        {
            return;
        }

        var page = GrainFactory.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(key, State.FirstKeptPage));
        foreach (var record in await page.GetAsync())
        {
            var stillKept = record.Kind switch
            {
                UserRecordKind.Notification => await GrainFactory.GetGrain<INotificationGrain>(record.Key).GetAsync(tenant) is not null,
                UserRecordKind.WorkflowRun => await GrainFactory.GetGrain<IWorkflowRunGrain>(record.Key).GetAsync(tenant) is not null,
                // What the log found is as old as the page by now, and went at the end of the same retention.
                UserRecordKind.SendLog => false,
                _ => await GrainFactory.GetGrain<IFanOutPageGrain>(record.Key).IsKeptAsync(),
            };
            if (stillKept)
            {
                return;
            }
        }

        await page.ClearAsync();
        State.FirstKeptPage++;
        State.SealedAt.RemoveAt(0);
        await _write!.WriteAsync();
    }

    public Task<UserRecords> GetAsync() => Task.FromResult(new UserRecords(State.Recent.ToArray(), State.SealedPages, State.FirstKeptPage));

    public async Task ClearAsync()
    {
        await Task.WhenAll(Enumerable.Range(State.FirstKeptPage, State.SealedPages - State.FirstKeptPage)
            .Select(page => GrainFactory.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(this.GetPrimaryKeyString(), page)).ClearAsync()));
        State.Recent.Clear();
        _recent!.Clear();
        State.SealedPages = 0;
        State.FirstKeptPage = 0;
        State.SealedAt.Clear();
        await _write!.WhenStoredAsync();
        await records.ClearStateAsync();
        DeactivateOnIdle();
    }
}
