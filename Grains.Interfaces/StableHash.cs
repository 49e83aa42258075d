namespace Notifications.Grains;

/// <summary>A string's hash that is the same in every process and version (string.GetHashCode is not), for spreading keys over parts.</summary>
public static class StableHash
{
    /// <summary>FNV-1a over the string's UTF-16 code units.</summary>
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public static int PartOf(string key, int parts) => (int)(Of(key) % (uint)parts);

    /// <summary>
    /// An id that is the same every time the same step of the same thing is told (an event, an alert's email):
    /// <paramref name="prefix"/> and the hex of the first 16 bytes of SHA-256 over <c>owner#step</c>.
    /// </summary>
    public static string IdOf(string prefix, string owner, string step) =>
        prefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{owner}#{step}"))[..16]);
}
