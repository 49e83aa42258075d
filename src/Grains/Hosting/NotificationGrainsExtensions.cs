using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Runtime;

namespace Notifications.Grains;

public static class NotificationGrainsExtensions
{
    /// <summary>Adds the notification grains and the providers their channels call.</summary>
    public static GrainRuntimeBuilder AddNotificationGrains(this GrainRuntimeBuilder builder, IConfiguration configuration)
    {
        builder.AddGrains(typeof(NotificationGrain).Assembly);
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .Validate(o => o.RetrySchedules.Values.All(text => DeliveryOptions.TryParseSchedule(text, out _)), "Each of Notifications:Delivery:RetrySchedules is a comma-separated list of durations such as 00:00:05.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddSingleton<DeliveryLanes>();
        services.AddHttpClient<WebhookSender>(WebhookSender.HttpClientName, (sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Standard Webhooks: a redirect is a failure, never followed.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            // Per-request log scopes cost more than the send itself at thousands a second; failures are in the history.
            .RemoveAllLoggers();
        return builder;
    }
}
