using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notifications.Storage;

/// <summary>
/// After a new master key is put in, brings what the embedded store holds under the key: states are re-encrypted as
/// their grains write them anyway, and this pass takes the rest, so that the replaced key can be dropped once it
/// says it is done. A store already under the current key is not walked again.
/// </summary>
internal sealed partial class StateReencryption(SqliteGrainStorage storage, AesGcmStateProtector protector, ILogger<StateReencryption> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var count = await storage.ReencryptAsync(protector, stoppingToken);
            LogDone(logger, count, protector.CurrentKeyId);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // States stay readable under the keys configured; the next start tries again.
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Every stored state is under the state key {KeyId}: {Count} re-encrypted; keys it replaced can be removed once no link or retry made under them is wanted")]
    private static partial void LogDone(ILogger logger, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-encrypting stored states under the current key failed; the next start tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
