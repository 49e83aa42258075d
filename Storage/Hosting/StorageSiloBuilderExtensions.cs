using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Notifications.Storage;

public static class StorageSiloBuilderExtensions
{
    /// <summary>
    /// Grain state (the default storage, encrypted) and reminders in one SQLite file, written through one group
    /// commit: the embedded silo's whole durable state, with no server to run.
    /// </summary>
    public static ISiloBuilder UseSqliteStorage(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        var services = builder.Services;
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteGrainStorage>();
        services.AddSingleton<IGrainKeyCatalog>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        services.AddSingleton<IStorageHealth>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, static (sp, _) =>
            new EncryptedGrainStorage(sp.GetRequiredService<SqliteGrainStorage>(), sp.GetRequiredService<AesGcmStateProtector>(), sp.GetService<Microsoft.Extensions.Logging.ILogger<EncryptedGrainStorage>>()));
        builder.AddReminders();
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        services.AddHostedService<StateReencryption>();
        return builder;
    }

    /// <summary>
    /// Makes the grain storage registered as <paramref name="innerStorageName"/> (Redis, Azure tables, memory) the
    /// default, behind <see cref="EncryptedGrainStorage"/>: whatever the backend, it only ever holds encrypted states.
    /// </summary>
    public static ISiloBuilder UseEncryptedDefaultStorage(this ISiloBuilder builder, string innerStorageName)
    {
        builder.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
            new EncryptedGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(innerStorageName), sp.GetRequiredService<AesGcmStateProtector>(), sp.GetService<Microsoft.Extensions.Logging.ILogger<EncryptedGrainStorage>>()));
        return builder;
    }

    /// <summary>
    /// The keys grain states are encrypted under: <paramref name="masterKeys"/> answers the key to write under first, then
    /// those it replaced, which states may still be under; 32 bytes each.
    /// </summary>
    public static ISiloBuilder UseStateEncryption(this ISiloBuilder builder, Func<IServiceProvider, IReadOnlyList<byte[]>> masterKeys)
    {
        builder.Services.AddSingleton(sp => new AesGcmStateProtector(masterKeys(sp)));
        return builder;
    }
}
