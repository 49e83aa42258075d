using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Notifications.Storage;
using Orleans.Configuration;
using Orleans.Storage;

namespace Notifications.Silo;

/// <summary>
/// The walk of <see cref="StateReencryptionWalk"/> over Azure Tables. Orleans' table storage keys a state by
/// <c>{serviceId}_{grainId}</c> with '/' turned into '_', which cannot be read back into a grain id where a key holds '_'
/// of its own; but each state is sealed to its grain id, so of the ids the partition key could stand for, the one its
/// state decrypts under is the grain's. Only states under a replaced key are looked at so closely. The lock and the done
/// mark are rows of a table of their own.
/// </summary>
internal sealed partial class AzureStateReencryption(
    TableServiceClient tables,
    [FromKeyedServices(SiloServiceCollectionExtensions.AzureStorageName)] IGrainStorage stored,
    IOptionsMonitor<AzureTableStorageOptions> storageOptions,
    AesGcmStateProtector protector,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<AzureStateReencryption> logger) : StateReencryptionWalk(stored, protector, grains, lifetime, logger)
{
    public const string MaintenanceTable = "NotificationsMaintenance";

    private const string DoneRow = "state-key-id";

    private const string LockRow = "state-reencryption-lock";

    /// <summary>The provider splits a state over properties of 64 KiB: <c>Data</c>, <c>Data1</c> ... <c>Data14</c> (or <c>StringData</c>...).</summary>
    private const int MaxDataProperties = 15;

    /// <summary>A partition key with more '_' than this stands for too many ids to try; its state moves when its grain is next activated.</summary>
    private const int MaxAmbiguousCharacters = 12;

    private ETag _lock;

    protected override string Backend => "Azure Tables";

    private TableClient Maintenance => tables.GetTableClient(MaintenanceTable);

    private string Partition => cluster.Value.ServiceId;

    protected override async Task<bool> IsDoneAsync(string keyId, CancellationToken cancellationToken)
    {
        await Maintenance.CreateIfNotExistsAsync(cancellationToken);
        var done = await Maintenance.GetEntityIfExistsAsync<TableEntity>(Partition, DoneRow, cancellationToken: cancellationToken);
        return done.HasValue && done.Value!.GetString("KeyId") == keyId;
    }

    protected override Task MarkDoneAsync(string keyId, CancellationToken cancellationToken) =>
        Maintenance.UpsertEntityAsync(new TableEntity(Partition, DoneRow) { ["KeyId"] = keyId }, TableUpdateMode.Replace, cancellationToken);

    protected override async Task<bool> TryLockAsync(CancellationToken cancellationToken)
    {
        var held = new TableEntity(Partition, LockRow) { ["Holder"] = Environment.MachineName, ["Until"] = time.GetUtcNow() + LockLapse };
        try
        {
            var current = await Maintenance.GetEntityIfExistsAsync<TableEntity>(Partition, LockRow, cancellationToken: cancellationToken);
            if (!current.HasValue)
            {
                _lock = (await Maintenance.AddEntityAsync(held, cancellationToken)).Headers.ETag!.Value;
                return true;
            }

            if (current.Value!.GetDateTimeOffset("Until") > time.GetUtcNow())
            {
                return false;
            }

            // The silo that held it stopped renewing it: taken over under its etag, so two silos cannot both take it.
            _lock = (await Maintenance.UpdateEntityAsync(held, current.Value.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag!.Value;
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.Status is 404 or 409 or 412)
        {
            // Another silo took it, or let it go, between the read and the write: it walks, or the next start does.
            return false;
        }
    }

    protected override async Task RenewLockAsync(CancellationToken cancellationToken) =>
        _lock = (await Maintenance.UpdateEntityAsync(
            new TableEntity(Partition, LockRow) { ["Holder"] = Environment.MachineName, ["Until"] = time.GetUtcNow() + LockLapse },
            _lock, TableUpdateMode.Replace, cancellationToken)).Headers.ETag!.Value;

    protected override async Task ReleaseLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Maintenance.DeleteEntityAsync(Partition, LockRow, _lock, cancellationToken);
        }
        catch (RequestFailedException gone) when (gone.Status is 404 or 412)
        {
            // Taken over after it lapsed: the other silo's now.
        }
    }

    protected override async IAsyncEnumerable<(GrainId Grain, string StateName)?> StatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = storageOptions.Get(SiloServiceCollectionExtensions.AzureStorageName);
        var prefix = Sanitized(cluster.Value.ServiceId) + "_";
        // Every partition key that starts with the prefix: from it up to the prefix with its last character's successor.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
        await foreach (var entity in tables.GetTableClient(options.TableName).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            await KeepLockAsync(cancellationToken);
            byte[]? data;
            try
            {
                data = Payload(entity, options);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogUnreadable(Logger, exception, entity.PartitionKey, entity.RowKey);
                data = null;
            }

            if (data is null || !Protector.NeedsNewKey(data))
            {
                continue;
            }

            var state = GrainOf(entity.PartitionKey[prefix.Length..], entity.RowKey, data);
            if (state is null)
            {
                LogNoGrain(Logger, entity.PartitionKey, entity.RowKey);
            }

            yield return state;
        }
    }

    /// <summary>The stored <see cref="ProtectedState"/>'s bytes, read as the provider wrote them, or null for a cleared row.</summary>
    private static byte[]? Payload(TableEntity entity, AzureTableStorageOptions options)
    {
        using var bytes = new MemoryStream();
        var name = options.UseStringFormat ? "StringData" : "Data";
        for (var i = 0; i < MaxDataProperties && entity.TryGetValue(i == 0 ? name : $"{name}{i}", out var part); i++)
        {
            var chunk = part switch
            {
                byte[] binary => binary,
                BinaryData binary => binary.ToArray(),
                string text => options.UseStringFormat ? System.Text.Encoding.UTF8.GetBytes(text) : Convert.FromBase64String(text),
                _ => [],
            };
            bytes.Write(chunk);
        }

        return bytes.Length == 0 ? null : options.GrainStorageSerializer.Deserialize<ProtectedState>(new BinaryData(bytes.ToArray())) is { Data.Length: > 0 } state ? state.Data : null;
    }

    /// <summary>
    /// Of the grain ids <paramref name="sanitizedGrain"/> could stand for ('_' being '_' or '/'), the one the state was
    /// sealed to. The first '_' is the slash after the grain's type (no grain type of ours holds '_').
    /// </summary>
    private (GrainId Grain, string StateName)? GrainOf(string sanitizedGrain, string stateName, byte[] data)
    {
        var typeEnd = sanitizedGrain.IndexOf('_');
        var ambiguous = Enumerable.Range(typeEnd + 1, Math.Max(0, sanitizedGrain.Length - typeEnd - 1)).Where(i => sanitizedGrain[i] == '_').ToArray();
        if (typeEnd > 0 && ambiguous.Length <= MaxAmbiguousCharacters)
        {
            var candidate = sanitizedGrain.ToCharArray();
            candidate[typeEnd] = '/';
            for (var slashes = 0; slashes < 1 << ambiguous.Length; slashes++)
            {
                for (var i = 0; i < ambiguous.Length; i++)
                {
                    candidate[ambiguous[i]] = (slashes & (1 << i)) != 0 ? '/' : '_';
                }

                if (GrainId.TryParse(new string(candidate), out var grainId) && SealedTo(grainId, stateName, data))
                {
                    return (grainId, stateName);
                }
            }
        }

        return null;
    }

    private bool SealedTo(GrainId grainId, string stateName, byte[] data)
    {
        try
        {
            Protector.Unprotect(grainId, stateName, data);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>What Orleans' table storage makes of a key: characters a table key may not hold become '_'.</summary>
    private static string Sanitized(string key) => key.Replace('/', '_').Replace('\\', '_').Replace('#', '_').Replace('?', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored state in partition {PartitionKey}, row {RowKey}, could not be read to move it under the current key")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string partitionKey, string rowKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored state in partition {PartitionKey}, row {RowKey}, is under a replaced key, and no grain id that partition could stand for opens it (a key not configured, or a grain id with '#', '?' or '\\'): it moves when its grain is next activated, and the replaced key is still needed until then")]
    private static partial void LogNoGrain(ILogger logger, string partitionKey, string rowKey);
}
