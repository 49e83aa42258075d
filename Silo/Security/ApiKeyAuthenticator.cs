using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Notifications.Silo;

/// <summary>
/// Finds the tenant of an API key. Keys are held only as SHA-256 digests, looked up by digest, so neither the
/// keys nor a timing difference between them can leak. With no keys configured every caller is tenant
/// <c>default</c>: the embedded, single-user mode.
/// </summary>
public sealed partial class ApiKeyAuthenticator
{
    public const string DefaultTenant = "default";

    private readonly Dictionary<string, string> _tenantByDigest;

    private readonly HashSet<string> _operatorDigests = new(StringComparer.Ordinal);

    public ApiKeyAuthenticator(IOptions<ApiKeyOptions> options, ILogger<ApiKeyAuthenticator> logger)
    {
        _tenantByDigest = new(StringComparer.Ordinal);
        foreach (var entry in options.Value.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(entry.Key) || entry.Key.Length < 16)
            {
                throw new InvalidOperationException($"The API key of tenant '{entry.Tenant}' must be at least 16 characters.");
            }

            if (!TenantName().IsMatch(entry.Tenant))
            {
                throw new InvalidOperationException($"Tenant '{entry.Tenant}' must be 1 to 64 lower-case letters, digits or dashes.");
            }

            _tenantByDigest[Digest(entry.Key)] = entry.Tenant;
            if (entry.Operator)
            {
                _operatorDigests.Add(Digest(entry.Key));
            }
        }

        if (_tenantByDigest.Count == 0)
        {
            logger.LogWarning("No API keys are configured (Notifications:ApiKeys): every caller acts as tenant '{Tenant}'", DefaultTenant);
        }
    }

    public bool KeysRequired => _tenantByDigest.Count > 0;

    /// <summary>
    /// Whether a member of the cluster may act for <paramref name="tenant"/>: a tenant of a configured key, or, with no
    /// keys configured, any well-formed name (the cluster's members are trusted as the silos are).
    /// </summary>
    public bool IsTenant(string tenant) =>
        TenantName().IsMatch(tenant) && (!KeysRequired || _tenantByDigest.ContainsValue(tenant));

    public bool TryAuthenticate(string? key, out string tenant)
    {
        if (!KeysRequired)
        {
            tenant = DefaultTenant;
            return true;
        }

        tenant = "";
        return key is { Length: > 0 } && _tenantByDigest.TryGetValue(Digest(key), out tenant!);
    }

    /// <summary>Whether <paramref name="key"/> is an operator's; with no keys configured, every caller is.</summary>
    public bool IsOperator(string? key) => !KeysRequired || key is { Length: > 0 } && _operatorDigests.Contains(Digest(key));

    private static string Digest(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex TenantName();
}
