namespace Notifications.Grains;

/// <summary>One notification to each of a user's devices: what the sends came to together.</summary>
public static class DeviceFanOut
{
    /// <summary>
    /// Taken when any device took it; otherwise the outcome that leaves the most hope (a retry before a refusal). The
    /// devices refused for good are reported whatever the outcome, so that they are not tried again.
    /// </summary>
    public static DeliveryResult Combine(IReadOnlyList<DeliveryResult> results)
    {
        var dead = results.SelectMany(r => r.DeadAddresses ?? []).Distinct().ToArray();
        var taken = results.FirstOrDefault(r => r.Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Sent);
        if (taken is not null)
        {
            var count = results.Count(r => r.Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.Sent);
            var failures = results.Where(r => r.Outcome is not (DeliveryOutcome.Delivered or DeliveryOutcome.Sent)).Select(r => r.Reason).Distinct();
            return taken with { Reason = string.Join(" ", [$"Taken for {count} of {results.Count} devices.", .. failures]), DeadAddresses = dead };
        }

        var best = results
            .OrderBy(r => r.Outcome switch
            {
                DeliveryOutcome.RateLimited => 0,
                DeliveryOutcome.Transient => 1,
                DeliveryOutcome.PermanentConfiguration => 2,
                _ => 3,
            })
            .First();
        return best with
        {
            Reason = string.Join(" ", results.Select(r => r.Reason).Distinct()),
            MayHaveBeenDelivered = results.Any(r => r.MayHaveBeenDelivered),
            DeadAddresses = dead,
        };
    }
}
