namespace Notifications.Runtime.Tests;

[StatelessWorker(4)]
public sealed class WorkerGrain(Rendezvous rendezvous) : Grain, IWorkerGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<Guid> MeetAsync(int parties)
    {
        await rendezvous.ArriveAsync(parties);
        return _activationId;
    }
}
