using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains;

/// <summary>A UUID that is always the same for the same name (SHA-256 based, version 5 layout), lower case.</summary>
public static class StableUuid
{
    public static string From(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }
}
