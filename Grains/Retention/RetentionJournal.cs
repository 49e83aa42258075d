using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>Lists a finished record in its tenant's retention journal of the day, to be removed when the retention has passed.</summary>
public sealed class RetentionJournal(IGrainFactory grains, TimeProvider time, IOptions<RetentionOptions> options)
{
    public Task RecordAsync(string tenant, RetainedKind kind, string key)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return grains.GetGrain<IRetentionJournalGrain>(RetentionKeys.Journal(tenant, day, StableHash.PartOf(key, options.Value.Parts)))
            .AddAsync([new RetainedRecord(kind, key)]);
    }

    /// <summary>The tenant's retention: its own setting, or the default.</summary>
    public static async Task<TimeSpan> RetentionOfAsync(IGrainFactory grains, string tenant, RetentionOptions options) =>
        (await grains.GetGrain<ITenantSettingsGrain>(tenant).GetAsync()).RetentionDays is { } days ? TimeSpan.FromDays(days) : options.Default;
}
