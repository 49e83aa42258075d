using System.Security.Cryptography;
using System.Text;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// The ids of notifications and sends made under an idempotency key: an HMAC of tenant and key under a secret derived
/// from the master key, so that knowing a tenant's keys (order numbers, often) does not tell its ids. Builds before
/// this derived them with a plain SHA-256; for <see cref="LegacyWindow"/> after the first start of this build on a store
/// that held anything, a keyed send first looks for its notification under the old id, so that a retry across the
/// upgrade still meets the first send. A new store never looks. In the same way, while master keys that a new one
/// replaced are configured, a keyed send looks under the ids they derive.
/// </summary>
public sealed class NotificationIds(IReadOnlyList<byte[]> masterKeys, IGrainFactory grains, IServiceProvider services, TimeProvider time)
{
    public const string MigrationName = "notification-ids-hmac";

    /// <summary>Set on a Redis or Azure store written by an earlier build, to match keyed retries across the upgrade.</summary>
    public const string MatchEarlierIdsKey = "Notifications:Delivery:MatchEarlierIdempotencyIds";

    /// <summary>Far longer than any client retries a send (Stripe keeps keys for a day).</summary>
    public static readonly TimeSpan LegacyWindow = TimeSpan.FromDays(7);

    /// <summary>The current master key's first.</summary>
    private readonly byte[][] _keys = [.. masterKeys.Select(masterKey => HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Encoding.UTF8.GetBytes("notifications/notification-ids")))];
    private Task<DateTimeOffset?>? _legacyUntil;

    /// <param name="scopedKey">The idempotency key, prefixed with what it is for (a topic's sends, an audience's).</param>
    public string For(string tenant, string scopedKey) => IdUnder(_keys[0], tenant, scopedKey);

    /// <summary>
    /// The id under which the send may already have been accepted: under a replaced master key, or the old id while the
    /// upgrade's window lasts, where <paramref name="heldAt"/> finds it; else <see cref="For"/>.
    /// </summary>
    public async Task<string> ResolveAsync(string tenant, string scopedKey, Func<string, Task<bool>> heldAt)
    {
        foreach (var replaced in _keys.Skip(1))
        {
            var earlier = IdUnder(replaced, tenant, scopedKey);
            if (await heldAt(earlier))
            {
                return earlier;
            }
        }

        if (await LegacyUntilAsync() is { } until && time.GetUtcNow() < until)
        {
            var legacy = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{scopedKey}")))[..32];
            if (await heldAt(legacy))
            {
                return legacy;
            }
        }

        return For(tenant, scopedKey);
    }

    private static string IdUnder(byte[] key, string tenant, string scopedKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{tenant}\n{scopedKey}")).AsSpan(0, 16));

    private async Task<DateTimeOffset?> LegacyUntilAsync()
    {
        var loading = _legacyUntil ??= LoadLegacyUntilAsync();
        try
        {
            return await loading;
        }
        catch
        {
            // Asked again by the next send rather than failing every send after one unlucky start.
            _ = Interlocked.CompareExchange(ref _legacyUntil, null, loading);
            throw;
        }
    }

    private async Task<DateTimeOffset?> LoadLegacyUntilAsync()
    {
        var migration = grains.GetGrain<IMigrationProgressGrain>(MigrationName);
        if (await migration.GetAsync() is { Done: true } done)
        {
            return done.Until;
        }

        DateTimeOffset? until = await StoreMayHoldLegacyIdsAsync() ? time.GetUtcNow() + LegacyWindow : null;
        await migration.SaveAsync(new MigrationProgress(0, null, Done: true, until));
        return until;
    }

    /// <summary>
    /// Only a store that lists its keys (SQLite) can tell whether it holds anything sent before. Looking costs an
    /// activation per keyed send, so a store that cannot tell (Redis, Azure) looks only when configuration asks
    /// (<see cref="MatchEarlierIdsKey"/>): those backends came one release before these ids.
    /// </summary>
    private async Task<bool> StoreMayHoldLegacyIdsAsync()
    {
        if (services.GetService<IGrainKeyCatalog>() is not { } catalog)
        {
            return services.GetRequiredService<IConfiguration>().GetValue<bool>(MatchEarlierIdsKey);
        }

        foreach (var (grainType, stateName) in new[]
                 {
                     (NotificationGrain.GrainTypeName, NotificationGrainState.Name),
                     (FanOutPageGrain.GrainTypeName, FanOutPageGrainState.Name),
                     (TopicGrain.GrainTypeName, TopicGrain.StateName),
                 })
        {
            if ((await catalog.ListKeysAsync(grainType, stateName, "", null, 1)).Count > 0)
            {
                return true;
            }
        }

        return false;
    }
}
