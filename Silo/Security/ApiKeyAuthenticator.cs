using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Notifications.Silo;

/// <summary>
/// Finds the tenant and scopes of an API key. Keys are held only as SHA-256 digests, looked up by digest, so neither the
/// keys nor a timing difference between them can leak. The keys of configuration and of the keys file are read again
/// when either changes; a change that does not parse keeps the keys in force. With no keys configured every caller is
/// tenant <c>default</c> with every scope: the embedded, single-user mode. Once keys were required they stay required.
/// </summary>
public sealed partial class ApiKeyAuthenticator : IDisposable
{
    public const string DefaultTenant = "default";

    private static readonly ApiCaller Anonymous = new(DefaultTenant, ApiScopes.All);

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly IOptionsMonitor<ApiKeyOptions> _options;
    private readonly ILogger<ApiKeyAuthenticator> _logger;
    private readonly string? _keysFile;
    private readonly PhysicalFileProvider? _keysFolder;
    private readonly IDisposable? _optionsChanged;
    private readonly IDisposable? _fileChanged;
    private readonly Lock _reloading = new();
    private volatile ApiKeyTable _keys;
    private volatile bool _keysRequired;

    public ApiKeyAuthenticator(IOptionsMonitor<ApiKeyOptions> options, ILogger<ApiKeyAuthenticator> logger)
    {
        _options = options;
        _logger = logger;
        _keysFile = options.CurrentValue.ApiKeysFile is { Length: > 0 } file ? Path.GetFullPath(file) : null;
        _keys = Load(options.CurrentValue);
        _keysRequired = _keys.Count > 0 || _keysFile is not null;
        if (!_keysRequired)
        {
            logger.LogWarning("No API keys are configured (Notifications:ApiKeys): every caller acts as tenant '{Tenant}'", DefaultTenant);
        }

        _optionsChanged = options.OnChange(_ => Reload());
        if (_keysFile is not null)
        {
            _keysFolder = new PhysicalFileProvider(Path.GetDirectoryName(_keysFile)!);
            var name = Path.GetFileName(_keysFile);
            _fileChanged = ChangeToken.OnChange(() => _keysFolder.Watch(name), Reload);
        }
    }

    public bool KeysRequired => _keysRequired;

    /// <summary>
    /// Whether a member of the cluster may act for <paramref name="tenant"/>: a tenant of a key in force, or, with no
    /// keys configured, any well-formed name (the cluster's members are trusted as the silos are).
    /// </summary>
    public bool IsTenant(string tenant) =>
        TenantName().IsMatch(tenant) && (!KeysRequired || _keys.Tenants.Contains(tenant));

    public bool TryAuthenticate(string? key, [NotNullWhen(true)] out ApiCaller? caller)
    {
        if (!KeysRequired)
        {
            caller = Anonymous;
            return true;
        }

        caller = null;
        return key is { Length: > 0 } && _keys.CallerByDigest.TryGetValue(Digest(key), out caller);
    }

    /// <summary>Reads the keys again; a configuration that does not parse is logged and the keys in force stay.</summary>
    public void Reload()
    {
        lock (_reloading)
        {
            try
            {
                var keys = Load(_options.CurrentValue);
                _keysRequired |= keys.Count > 0;
                _keys = keys;
                _logger.LogInformation("API keys read again: {Count} in force", keys.Count);
            }
            catch (Exception failure) when (failure is InvalidOperationException or JsonException or IOException)
            {
                _logger.LogError("The API keys were not changed: {Reason}", failure.Message);
            }
        }
    }

    public void Dispose()
    {
        _optionsChanged?.Dispose();
        _fileChanged?.Dispose();
        _keysFolder?.Dispose();
    }

    private ApiKeyTable Load(ApiKeyOptions options)
    {
        var callers = new Dictionary<string, ApiCaller>(StringComparer.Ordinal);
        foreach (var entry in options.ApiKeys.Concat(ReadKeysFile()))
        {
            var digest = DigestOf(entry);
            if (!TenantName().IsMatch(entry.Tenant))
            {
                throw new InvalidOperationException($"Tenant '{entry.Tenant}' must be 1 to 64 lower-case letters, digits or dashes.");
            }

            var scopes = entry.Scopes.Aggregate(ApiScopes.None, (all, scope) => all | scope);
            var caller = new ApiCaller(entry.Tenant, (scopes == ApiScopes.None ? ApiScopes.Tenant : scopes) | (entry.Operator ? ApiScopes.Admin : ApiScopes.None));
            if (callers.TryGetValue(digest, out var other) && other != caller)
            {
                throw new InvalidOperationException($"One API key is given twice, for tenant '{other.Tenant}' and for tenant '{entry.Tenant}'.");
            }

            callers[digest] = caller;
        }

        return new ApiKeyTable(callers);
    }

    private IEnumerable<ApiKeyEntry> ReadKeysFile()
    {
        if (_keysFile is null)
        {
            return [];
        }

        using var file = File.OpenRead(_keysFile);
        return JsonSerializer.Deserialize<List<ApiKeyEntry>>(file, FileJson)
               ?? throw new InvalidOperationException($"The API keys file {_keysFile} must hold a JSON array of keys.");
    }

    private static string DigestOf(ApiKeyEntry entry)
    {
        if (entry.KeySha256 is { Length: > 0 } given)
        {
            if (entry.Key is { Length: > 0 } || given.Length != 64 || !given.All(char.IsAsciiHexDigit))
            {
                throw new InvalidOperationException($"A key of tenant '{entry.Tenant}' must give either Key or KeySha256 (64 hex digits), not both.");
            }

            return given.ToUpperInvariant();
        }

        if (entry.Key is not { Length: >= 16 } key || string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException($"The API key of tenant '{entry.Tenant}' must be at least 16 characters.");
        }

        return Digest(key);
    }

    private static string Digest(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex TenantName();
}
