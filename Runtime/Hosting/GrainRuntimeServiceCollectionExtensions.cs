using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Runtime;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime; without a storage choice it keeps state in memory.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeBuilder> configure)
    {
        var builder = new GrainRuntimeBuilder(services);
        configure(builder);
        if (!services.Any(d => d.ServiceType == typeof(IGrainStorage)))
        {
            builder.UseMemoryStorage();
        }

        services.AddOptions<GrainRuntimeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainStateSerializer, JsonGrainStateSerializer>();
        services.TryAddSingleton<IGrainStateProtector, PlainStateProtector>();
        services.TryAddSingleton(sp => new PartitionMap(sp.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value.PartitionCount));
        services.TryAddSingleton<IPartitionOwnership>(sp => new SingleSiloOwnership(sp.GetRequiredService<PartitionMap>()));
        var assemblies = builder.Assemblies.ToArray();
        services.AddSingleton(sp => new GrainRuntime(
            sp,
            new GrainTypeRegistry(assemblies),
            sp.GetRequiredService<IGrainStorage>(),
            sp.GetRequiredService<IReminderTable>(),
            sp.GetRequiredService<IGrainStateSerializer>(),
            sp.GetRequiredService<IGrainStateProtector>(),
            sp.GetRequiredService<IPartitionOwnership>(),
            sp.GetRequiredService<PartitionMap>(),
            sp.GetRequiredService<IOptions<GrainRuntimeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GrainRuntime>>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IGrainKeyCatalog>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService<GrainRuntimeHostedService>();
        return services;
    }
}
