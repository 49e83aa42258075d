using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Notifications.Grains;

namespace Notifications.Silo;

internal static class TelemetryServiceCollectionExtensions
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400];

    private static readonly double[] StorageSecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5];

    /// <summary>
    /// Metrics for <c>/metrics</c> (Prometheus text format) from the service's own meters, ASP.NET Core's and the .NET
    /// runtime's (garbage collection pauses, the thread pool's queue: what a latency spike under load is made of); traces from
    /// accept to provider call, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard
    /// <c>OTEL_*</c> variables configure the exporter).
    /// </summary>
    public static WebApplicationBuilder AddNotificationsTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("notifications"))
            .WithMetrics(metrics => metrics
                .AddMeter(DeliveryTelemetry.MeterName, ProviderHealth.MeterName, Notifications.Storage.SqliteGrainStorage.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                // Seconds, from an OTP's few milliseconds to a retried webhook's hours; the store's writes by the millisecond.
                .AddView(instrument => instrument.Name.StartsWith("notifications.storage.", StringComparison.Ordinal) ? new ExplicitBucketHistogramConfiguration { Boundaries = StorageSecondsBuckets }
                    : instrument.Name.StartsWith("notifications.", StringComparison.Ordinal) ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
                    : null)
                .AddPrometheusExporter());
        // Spans cost on every request and delivery step: they are made only when something takes them.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(DeliveryTelemetry.ActivitySourceName)
                // Orleans' own spans for grain calls (AddActivityPropagation): the trace of a request runs on into the
                // grains it calls, and a notification keeps the context its accept ran in for its delivery steps.
                // Only the application's calls: the runtime's own (stream polling, membership) would be hundreds a minute.
                .AddSource("Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }
}
