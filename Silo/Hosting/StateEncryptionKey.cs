using System.Security.Cryptography;

namespace Notifications.Silo;

/// <summary>
/// Where the master key for state at rest comes from: <c>Notifications:Storage:EncryptionKey</c> (base64 of 32 bytes,
/// from a secret store or the environment) or <c>Notifications:Storage:EncryptionKeyFile</c> (a file of 32 bytes). The
/// embedded default may do without either: it makes a key file once, readable by its owner only, in the user's
/// configuration folder, away from the data it encrypts, so that a copy of the data folder is not a copy of its key.
/// </summary>
internal static class StateEncryptionKey
{
    public const string ConfigurationKey = "Notifications:Storage:EncryptionKey";
    public const string FileConfigurationKey = "Notifications:Storage:EncryptionKeyFile";
    public const string PreviousKeysConfigurationKey = "Notifications:Storage:PreviousEncryptionKeys";
    private const string FileName = "storage.key";

    /// <summary>Where the embedded default keeps the key it makes: the user's configuration folder (<c>~/.config</c>).</summary>
    public static string DefaultFile => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "notifications", FileName);

    public static bool IsConfigured(IConfiguration configuration) =>
        configuration[ConfigurationKey] is { Length: > 0 } || configuration[FileConfigurationKey] is { Length: > 0 };

    /// <summary>A cluster's silos must all hold the same key, which no silo can make for the others: refused at start without one.</summary>
    public static void EnsureConfiguredFor(string provider, IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
        {
            // Earlier builds made one in the silo's folder: its state can only be read with that key.
            var earlier = Path.GetFullPath(Path.Combine("data", provider, FileName));
            throw new InvalidOperationException(
                $"The {provider} backend needs {ConfigurationKey} (base64 of 32 bytes) or {FileConfigurationKey}, the same for every silo: " +
                "state is encrypted at rest, and a key each silo made for itself would leave each unable to read the others' state." +
                (File.Exists(earlier) ? $" An earlier build made {earlier}: set {FileConfigurationKey} to it to read what it wrote." : ""));
        }
    }

    /// <param name="databasePath">The embedded database, whose folder once held the key file; null for a cluster backend.</param>
    /// <param name="defaultFile">Where to make a key when none is configured (<see cref="DefaultFile"/>).</param>
    public static byte[] Resolve(IConfiguration configuration, string? databasePath, string defaultFile, ILogger logger)
    {
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            var key = new byte[32];
            return Convert.TryFromBase64String(configured, key, out var length) && length == 32
                ? key
                : throw new InvalidOperationException($"{ConfigurationKey} must be the base64 of exactly 32 bytes.");
        }

        if (configuration[FileConfigurationKey] is { Length: > 0 } file)
        {
            return File.Exists(file) ? Read(file) : throw new InvalidOperationException($"{FileConfigurationKey} names {file}, which does not exist.");
        }

        if (databasePath is null)
        {
            throw new InvalidOperationException($"{ConfigurationKey} or {FileConfigurationKey} is required.");
        }

        // Where earlier builds made it: still used, so that their data stays readable, but a backup of the data carries it.
        var besideData = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, FileName);
        if (File.Exists(besideData))
        {
            logger.LogWarning("The state key {Path} sits beside the data it encrypts, so every copy of the data carries it: move it elsewhere and set {Setting} to it, or set {KeySetting}",
                besideData, FileConfigurationKey, ConfigurationKey);
            return Read(besideData);
        }

        Create(defaultFile);
        logger.LogWarning("State is encrypted with the key file {Path}, kept apart from the data; back it up on its own (losing it loses the data), and in production set {Setting} from a secret store instead",
            defaultFile, ConfigurationKey);
        return Read(defaultFile);
    }

    /// <summary>
    /// The keys a new <see cref="ConfigurationKey"/> replaced (base64 of 32 bytes each), kept while states, links and
    /// idempotency keys made under them may still be met: states are re-encrypted under the new key as they are written,
    /// and by the embedded store's background pass.
    /// </summary>
    public static IReadOnlyList<byte[]> Previous(IConfiguration configuration) =>
        [.. configuration.GetSection(PreviousKeysConfigurationKey).GetChildren().Select(entry =>
        {
            var key = new byte[32];
            return Convert.TryFromBase64String(entry.Value ?? "", key, out var length) && length == 32
                ? key
                : throw new InvalidOperationException($"{PreviousKeysConfigurationKey}:{entry.Key} must be the base64 of exactly 32 bytes.");
        })];

    private static void Create(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            // Written whole under a name of its own first: a silo starting beside this one never reads half a key.
            var partial = $"{path}.{Guid.NewGuid():N}.tmp";
            using (var file = new FileStream(partial, options))
            {
                file.Write(RandomNumberGenerator.GetBytes(32));
            }

            File.Move(partial, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another silo on this machine made it first: that one is the key.
        }
    }

    private static byte[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"The key file {path} must hold exactly 32 bytes.");
    }
}
