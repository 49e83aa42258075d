using System.Security.Cryptography;

namespace Notifications.Silo;

/// <summary>
/// Where the master key for state at rest comes from: <c>Notifications:Storage:EncryptionKey</c> (base64 of 32
/// bytes, from a secret store or the environment), or, for the embedded default, a key file made once beside the
/// database, readable by its owner only.
/// </summary>
internal static class StateEncryptionKey
{
    public const string ConfigurationKey = "Notifications:Storage:EncryptionKey";

    public static byte[] Resolve(IConfiguration configuration, string databasePath, ILogger logger)
    {
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            var key = new byte[32];
            return Convert.TryFromBase64String(configured, key, out var length) && length == 32
                ? key
                : throw new InvalidOperationException($"{ConfigurationKey} must be the base64 of exactly 32 bytes.");
        }

        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "storage.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            file.Write(RandomNumberGenerator.GetBytes(32));
        }

        logger.LogWarning("State is encrypted with the key file {Path}; in production set {Setting} from a secret store instead", path, ConfigurationKey);
        var bytes = File.ReadAllBytes(path);
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"The key file {path} must hold exactly 32 bytes.");
    }
}
