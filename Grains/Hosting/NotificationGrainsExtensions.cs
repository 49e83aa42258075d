using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Notifications.Grains;

public static class NotificationGrainsExtensions
{
    /// <summary>
    /// Adds the notification grains and the providers their channels call. The host adds the stream provider named
    /// <see cref="InboxStreams.Provider"/>, of the kind its deployment needs.
    /// </summary>
    public static ISiloBuilder AddNotificationGrains(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddNotificationsSerialization();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .Validate(o => o.RetrySchedules.Values.All(text => DeliveryOptions.TryParseSchedule(text, out _)), "Each of Notifications:Delivery:RetrySchedules is a comma-separated list of durations such as 00:00:05.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddSingleton<DeliveryLanes>();
        services.AddSingleton<DeliveryTelemetry>();
        services.AddSingleton<DeliveryEventPump>();
        services.AddOptions<EventWebhookOptions>().Bind(configuration.GetSection(EventWebhookOptions.SectionName))
            .Validate(o => DeliveryOptions.TryParseSchedule(o.RetrySchedule, out var schedule) && schedule.Length > 0, "Notifications:EventWebhooks:RetrySchedule is a comma-separated list of durations such as 00:00:05.")
            .Validate(o => o.Parts is >= 1 and <= 64 && o.SegmentSize is >= 1 and <= 10_000 && o.MaxRetrying >= 1, "Notifications:EventWebhooks: Parts from 1 to 64, SegmentSize from 1 to 10000, MaxRetrying at least 1.")
            .ValidateOnStart();
        services.AddSingleton<EventPublisher>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName))
            .Validate(o => o.CheckEvery > TimeSpan.Zero && o.DeadLetterWindow >= TimeSpan.FromSeconds(5) && o.BacklogGrowingFor > TimeSpan.Zero, "Notifications:Alerts: CheckEvery and BacklogGrowingFor above zero, DeadLetterWindow at least 5 seconds.")
            .ValidateOnStart();
        services.AddSingleton<AlertNotices>();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName))
            .Validate(o => o.Default >= TimeSpan.FromMinutes(1) && o.Parts is >= 1 and <= 256 && o.SegmentSize >= 10 && o.BatchSize >= 1 && o.Concurrency >= 1 && o.RoundEvery > TimeSpan.Zero,
                "Notifications:Retention: Default at least a minute, Parts from 1 to 256, SegmentSize at least 10, BatchSize and Concurrency at least 1.")
            .ValidateOnStart();
        services.AddSingleton<RetentionJournal>();
        services.AddOptions<MessageLogOptions>().Bind(configuration.GetSection(MessageLogOptions.SectionName))
            .Validate(o => o.PageSize >= 10 && o.MaxPagesPerSearch >= 1 && o.PageIdleTime > TimeSpan.Zero,
                "Notifications:MessageLog: PageSize at least 10, MaxPagesPerSearch at least 1, PageIdleTime more than zero.")
            .ValidateOnStart();
        services.AddHostedService<AlertWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryEventPump>());
        services.AddOptions<ServiceUrlOptions>().Bind(configuration.GetSection(ServiceUrlOptions.SectionName));
        services.AddSingleton<ProviderHealth>();
        services.AddSingleton<ClusterShare>();
        services.AddHostedService<ClusterShareWatcher>();
        services.AddHostedService<ClusterBacklogWatcher>();
        services.AddSingleton<ProviderCallbacks>();
        services.AddSingleton<ChannelCatalog>();
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName));
        services.AddOptions<LogChannelOptions>().Bind(configuration.GetSection(LogChannelOptions.SectionName));
        // The silo derives the key from its master key; a runtime without one signs with a key of its own.
        services.TryAddSingleton(_ => LinkKeys.DerivedFrom(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton<LinkSealer>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<TrackingLinks>();
        services.AddSingleton<UserTokens>();
        services.AddSingleton<InboxTokens>();
        services.AddSingleton<PreferenceLinks>();
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<MessageContents>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ProviderChains>(sp, configuration));
        services.AddProviderTypes();
        services.AddHostedService<ProviderStartupCheck>();
        services.AddHttpClient(ProviderHttp.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A provider's API never redirects a send; following one could hand credentials to another host.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                EnableMultipleHttp2Connections = true,
            })
            // The pipeline times each request; HttpClient's own limit would cut a send waiting for its turn.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddOptions<OutboundOptions>().Bind(configuration.GetSection(OutboundOptions.SectionName));
        services.AddSingleton<OutboundConnector>();
        // The endpoints recipients chose: connected only where they may go, and never redirected (Standard Webhooks: a
        // redirect is a failure).
        services.AddHttpClient(VapidWebPushProvider.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundConnector>().Handler(TimeSpan.FromMinutes(5)))
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddHttpClient<WebhookSender>(WebhookSender.HttpClientName, (sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundConnector>().Handler(TimeSpan.FromMinutes(2)))
            // Per-request log scopes cost more than the send itself at thousands a second; failures are in the history.
            .RemoveAllLoggers();
        return builder;
    }
}
