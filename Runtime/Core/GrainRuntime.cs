using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Runtime;

/// <summary>
/// The silo's grain runtime: the directory of local activations, the dispatcher of calls, the idle collector, and
/// the owner of reminders and streams.
/// </summary>
public sealed class GrainRuntime : IClusterClient, IGrainKeyCatalog, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> _workerPools = new();
    private readonly GrainTypeRegistry _registry;
    private readonly IPartitionOwnership _ownership;
    private readonly Dictionary<string, string[]> _implicitSubscribers;
    private readonly Dictionary<string, IStreamProvider> _streamProviders;
    private ITimer? _collector;
    private volatile bool _stopping;

    internal GrainRuntime(
        IServiceProvider services,
        GrainTypeRegistry registry,
        IGrainStorage storage,
        IReminderTable reminderTable,
        IGrainStateSerializer serializer,
        IGrainStateProtector protector,
        IPartitionOwnership ownership,
        PartitionMap partitions,
        IOptions<GrainRuntimeOptions> options,
        TimeProvider timeProvider,
        ILogger<GrainRuntime> logger)
    {
        Services = services;
        _registry = registry;
        Storage = storage;
        StateSerializer = serializer;
        StateProtector = protector;
        _ownership = ownership;
        Partitions = partitions;
        Options = options.Value;
        TimeProvider = timeProvider;
        Logger = logger;
        Reminders = new ReminderService(this, reminderTable, ownership);
        _implicitSubscribers = registry.Classes
            .SelectMany(c => c.ImplicitStreamNamespaces.Select(ns => (ns, c.TypeName)))
            .GroupBy(x => x.ns)
            .ToDictionary(g => g.Key, g => g.Select(x => x.TypeName).ToArray());
        _streamProviders = Options.StreamProviders.ToDictionary(name => name, IStreamProvider (name) => new InMemoryStreamProvider(name, this));
    }

    internal IServiceProvider Services { get; }

    internal IGrainStorage Storage { get; }

    internal IGrainStateSerializer StateSerializer { get; }

    internal IGrainStateProtector StateProtector { get; }

    internal PartitionMap Partitions { get; }

    internal GrainRuntimeOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal ReminderService Reminders { get; }

    /// <summary>How many activations live in this silo now, stateless workers included.</summary>
    public int ActivationCount => _activations.Count + _workerPools.Values.Sum(p => p.Snapshot().Count);

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        Reference<TGrainInterface>(key);

    public Task<IReadOnlyList<string>> ListKeysAsync<TGrainInterface>(string stateName, string keyPrefix, string? afterKey, int limit, CancellationToken cancellationToken = default)
        where TGrainInterface : IGrainWithStringKey =>
        Storage.ListKeysAsync(_registry.ForInterface(typeof(TGrainInterface)).TypeName, stateName, keyPrefix, afterKey, limit, cancellationToken);

    public Task<IReadOnlyList<string>> ListKeysByOwnerAsync<TGrainInterface>(string stateName, string owner, string? afterKey, int limit, CancellationToken cancellationToken = default)
        where TGrainInterface : IGrainWithStringKey =>
        Storage.ListKeysByOwnerAsync(_registry.ForInterface(typeof(TGrainInterface)).TypeName, stateName, owner, afterKey, limit, cancellationToken);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey =>
        Reference<TGrainInterface>(key.ToString("N"));

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey =>
        Reference<TGrainInterface>(key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IGrain =>
        GrainReference.Create<TGrainInterface>(this, grainId);

    private TGrainInterface Reference<TGrainInterface>(string key) where TGrainInterface : IGrain =>
        GrainReference.Create<TGrainInterface>(this, new GrainId(_registry.ForInterface(typeof(TGrainInterface)).TypeName, key));

    public IStreamProvider GetStreamProvider(string name) =>
        _streamProviders.TryGetValue(name, out var provider) ? provider : throw new KeyNotFoundException($"No stream provider named '{name}'.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Storage.InitializeAsync(cancellationToken);
        await Reminders.StartAsync(cancellationToken);
        _collector = TimeProvider.CreateTimer(static state => ((GrainRuntime)state!).CollectIdle(), this, Options.CollectionQuantum, Options.CollectionQuantum);
    }

    /// <summary>Stops reminders and collection, then deactivates every activation.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _collector?.Dispose();
        Reminders.Dispose();
        var all = _activations.Values.Concat(_workerPools.Values.SelectMany(p => p.Snapshot())).ToArray();
        foreach (var activation in all)
        {
            activation.RequestDeactivation(new(DeactivationReasonCode.ShuttingDown, "The silo is stopping."));
        }

        try
        {
            await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(Options.ShutdownTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            Logger.LogWarning("{Count} activations were still busy when the silo stopped", all.Count(a => !a.Deactivated.IsCompleted));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _collector?.Dispose();
        Reminders.Dispose();
        if (Storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    internal Task<TResult> InvokeAsync<TResult>(GrainId grainId, MethodPlan plan, object?[]? args)
    {
        var turn = new Turn<TResult>(grain => plan.InvokeOnGrainAsync<TResult>(grain, args))
        {
            Interleave = plan.AlwaysInterleave,
            ReadOnly = plan.ReadOnly,
            CallerActivity = System.Diagnostics.Activity.Current,
        };
        Dispatch(grainId, turn);

        if (plan.OneWay)
        {
            turn.Completion.ContinueWith(
                static (task, state) => ((ILogger)state!).LogWarning(task.Exception, "One-way call failed"),
                Logger,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return Task.FromResult<TResult>(default!);
        }

        return turn.Completion.IsCompleted ? turn.Completion : turn.Completion.WaitAsync(plan.ResponseTimeout ?? Options.ResponseTimeout, TimeProvider);
    }

    internal Task DeliverStreamItemAsync<T>(GrainId grainId, StreamId streamId, T item)
    {
        var turn = new Turn<object?>(async grain =>
        {
            if (!grain.Activation.StreamObservers.TryGetValue(streamId, out var observer) || observer is not IAsyncObserver<T> typed)
            {
                throw new InvalidOperationException($"{grainId} is implicitly subscribed to {streamId.Namespace} but did not subscribe to {streamId} in OnActivateAsync.");
            }

            await typed.OnNextAsync(item);
            return null;
        });
        Dispatch(grainId, turn);
        return turn.Completion;
    }

    internal IReadOnlyList<string> ImplicitSubscribers(string streamNamespace) =>
        _implicitSubscribers.TryGetValue(streamNamespace, out var types) ? types : [];

    internal void Dispatch(GrainId grainId, Turn turn)
    {
        if (_stopping)
        {
            turn.Fail(new SiloUnavailableException("The silo is stopping."));
            return;
        }

        GrainClassInfo classInfo;
        try
        {
            classInfo = _registry.ForTypeName(grainId.Type);
        }
        catch (Exception exception)
        {
            turn.Fail(exception);
            return;
        }

        if (classInfo.StatelessWorker is not null)
        {
            _workerPools.GetOrAdd(grainId, id => new StatelessWorkerPool(this, classInfo, id)).Enqueue(turn);
            return;
        }

        while (true)
        {
            if (!_activations.TryGetValue(grainId, out var activation))
            {
                var partition = Partitions.GetPartition(grainId);
                if (!_ownership.Owns(partition))
                {
                    turn.Fail(new PartitionNotOwnedException(grainId, partition));
                    return;
                }

                var created = new GrainActivation(this, classInfo, grainId, partition, pool: null);
                activation = _activations.GetOrAdd(grainId, created);
                if (ReferenceEquals(activation, created))
                {
                    created.Start();
                }
            }

            if (activation.TryEnqueue(turn))
            {
                return;
            }

            // The activation is going away: retry once it is gone, so that the next one reads its final state.
            if (!activation.Deactivated.IsCompleted)
            {
                activation.Deactivated.ContinueWith(_ => Dispatch(grainId, turn), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return;
            }

            _activations.TryRemove(KeyValuePair.Create(grainId, activation));
        }
    }

    internal void OnDeactivated(GrainActivation activation)
    {
        if (activation.Pool is { } pool)
        {
            pool.Remove(activation);
        }
        else
        {
            _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));
        }
    }

    private void CollectIdle()
    {
        var now = TimeProvider.GetUtcNow();
        foreach (var activation in _activations.Values.Concat(_workerPools.Values.SelectMany(p => p.Snapshot())))
        {
            activation.TryCollect(now, activation.ClassInfo.CollectionAge ?? Options.CollectionAge);
        }
    }
}
