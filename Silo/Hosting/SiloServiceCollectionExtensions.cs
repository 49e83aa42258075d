using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Runtime;

namespace Notifications.Silo;

public static class SiloServiceCollectionExtensions
{
    /// <summary>Wires the grain runtime, the grains and the front door's services from configuration.</summary>
    public static WebApplicationBuilder AddNotificationsSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var limits = configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);

        var storage = configuration.GetSection(StorageSettings.SectionName).Get<StorageSettings>() ?? new StorageSettings();
        services.AddSingleton(sp => LinkSigningKey.DerivedFrom(sp.GetRequiredService<MasterKey>().Key));
        services.AddGrainRuntime(runtime =>
        {
            runtime.Configure(options => configuration.GetSection("Notifications:Runtime").Bind(options));
            switch (storage.Provider.ToLowerInvariant())
            {
                case "sqlite":
                    runtime.UseSqliteStorage(options => configuration.GetSection($"{StorageSettings.SectionName}:Sqlite").Bind(options));
                    services.AddSingleton(sp => new MasterKey(StateEncryptionKey.Resolve(
                        configuration,
                        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SqliteStorageOptions>>().Value.Path,
                        sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StateEncryptionKey)))));
                    break;
                case "memory":
                    runtime.UseMemoryStorage();
                    services.AddSingleton(new MasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
                    break;
                default:
                    throw new InvalidOperationException($"{StorageSettings.SectionName}:Provider must be 'sqlite' or 'memory', not '{storage.Provider}'.");
            }

            runtime.UseStateEncryption(sp => sp.GetRequiredService<MasterKey>().Key);
            runtime.AddNotificationGrains(configuration);
        });

        services.Configure<LimitsOptions>(configuration.GetSection(LimitsOptions.SectionName));
        services.Configure<InboxOptions>(configuration.GetSection(InboxOptions.SectionName));
        services.Configure<ApiKeyOptions>(configuration.GetSection("Notifications"));
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton<TemplateCheck>();
        services.AddSingleton<CategoryCatalog>();
        services.ConfigureHttpJsonOptions(options => NotificationsJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<GrainExceptionHandler>();
        services.AddOpenApi();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<ProviderHealthCheck>("providers", tags: ["ready"]);
        return builder;
    }

    internal static JsonSerializerOptions Json(this HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.SerializerOptions;
}
