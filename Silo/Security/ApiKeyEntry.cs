namespace Notifications.Silo;

/// <summary>One API key: in <c>Notifications:ApiKeys</c> or in the keys file (<c>Notifications:ApiKeysFile</c>).</summary>
public sealed class ApiKeyEntry
{
    public string Tenant { get; set; } = "";

    /// <summary>The key itself, at least 16 characters. Give <see cref="KeySha256"/> instead to keep the key out of the file.</summary>
    public string? Key { get; set; }

    /// <summary>The SHA-256 of the key's UTF-8 bytes, as 64 hex digits (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string? KeySha256 { get; set; }

    /// <summary>What the key may do; none named means <c>send</c>, <c>read</c> and <c>manage</c> of its tenant.</summary>
    public List<ApiScopes> Scopes { get; set; } = [];

    /// <summary>The same as naming the <c>admin</c> scope: kept for configurations written before scopes.</summary>
    public bool Operator { get; set; }
}
