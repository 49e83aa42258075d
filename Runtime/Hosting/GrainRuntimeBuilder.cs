using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Notifications.Runtime;

public sealed class GrainRuntimeBuilder(IServiceCollection services)
{
    internal List<Assembly> Assemblies { get; } = [];

    public IServiceCollection Services { get; } = services;

    public GrainRuntimeBuilder AddGrains(Assembly assembly)
    {
        Assemblies.Add(assembly);
        return this;
    }

    public GrainRuntimeBuilder Configure(Action<GrainRuntimeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    public GrainRuntimeBuilder AddMemoryStreams(string name)
    {
        Services.Configure<GrainRuntimeOptions>(o => o.StreamProviders.Add(name));
        return this;
    }

    public GrainRuntimeBuilder UseSqliteStorage(Action<SqliteStorageOptions>? configure = null)
    {
        if (configure is not null)
        {
            Services.Configure(configure);
        }

        Services.RemoveAll<IGrainStorage>();
        Services.RemoveAll<IReminderTable>();
        Services.TryAddSingleton<SqliteGrainStorage>();
        Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        Services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<SqliteGrainStorage>());
        return this;
    }

    /// <summary>Encrypts every grain state before it reaches storage; <paramref name="masterKey"/> is 32 bytes.</summary>
    public GrainRuntimeBuilder UseStateEncryption(Func<IServiceProvider, byte[]> masterKey)
    {
        Services.RemoveAll<IGrainStateProtector>();
        Services.AddSingleton<IGrainStateProtector>(sp => new AesGcmStateProtector(masterKey(sp)));
        return this;
    }

    /// <summary>State that lives only as long as the process: for tests.</summary>
    public GrainRuntimeBuilder UseMemoryStorage()
    {
        Services.RemoveAll<IGrainStorage>();
        Services.RemoveAll<IReminderTable>();
        Services.TryAddSingleton<MemoryGrainStorage>();
        Services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<MemoryGrainStorage>());
        Services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<MemoryGrainStorage>());
        return this;
    }
}
