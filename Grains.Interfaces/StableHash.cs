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
}
