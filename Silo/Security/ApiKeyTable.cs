namespace Notifications.Silo;

/// <summary>The keys in force, by SHA-256 digest, and their tenants: replaced whole when the keys are read again.</summary>
internal sealed record ApiKeyTable(IReadOnlyDictionary<string, ApiCaller> CallerByDigest)
{
    public IReadOnlySet<string> Tenants { get; } = CallerByDigest.Values.Select(caller => caller.Tenant).ToHashSet(StringComparer.Ordinal);

    public int Count => CallerByDigest.Count;
}
