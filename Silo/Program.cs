using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Notifications.Silo;
using Orleans.Dashboard;

// Reloading configuration on change would watch the folder the silo starts in, which holds ./data: every SQLite
// write would wake the file watcher. Given first, so that a command line can still turn it back on.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
// The shipped defaults come first, so that a start from any folder gets them and everything else overrides them.
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
{
    Path = "appsettings.json",
    Optional = true,
    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
});
builder.AddNotificationsSilo();
builder.AddNotificationsTelemetry();

var app = builder.Build();
app.EnsureKeysBeyondLoopback();
app.UseExceptionHandler();
app.UseStatusCodePages();
// One tenant's bodies in progress are bounded before any is read, so a flood of batches waits unread.
app.UseMiddleware<TenantRequestAllowance>();

app.UseOperatorGate("/orleans", "Orleans dashboard");

app.MapOpenApi();
app.MapPrometheusScrapingEndpoint();
app.MapDashboard();
// Orleans' own dashboard, when configured: grains, activations, calls and reminders of every silo; operators only.
if (app.Configuration.GetSection(OrleansSettings.SectionName).Get<OrleansSettings>() is { Dashboard: true })
{
    // The dashboard's own endpoints serve its page, not the API: kept out of the OpenAPI document, which promises
    // nothing about their answers.
    app.MapOrleansDashboard("/orleans").ExcludeFromDescription();
}
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

app.MapUnsubscribeEndpoints();
app.MapPreferenceCentre();
app.MapTrackingEndpoints();
app.MapCallbackEndpoints();

// A user's inbox is also open to an inbox token issued for that user, so that apps and browsers need no API key.
// Every call behind a key can be refused for it: no key or a wrong one (401), or a key without the scope (403).
app.MapGroup("/v1").AddEndpointFilter<InboxAccessFilter>()
    .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
    .MapInboxEndpoints();

var api = app.MapGroup("").AddEndpointFilter<TenantFilter>()
    .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
api.MapLegacyEndpoints();
var v1 = api.MapGroup("/v1");
v1.MapNotificationEndpoints();
v1.MapMessageLogEndpoints();
v1.MapUserEndpoints();
v1.MapPersonalDataEndpoints();
v1.MapUserImportEndpoints();
v1.MapInboxTokenEndpoint();
v1.MapPreferenceLinkEndpoint();
v1.MapDeadLetterEndpoints();
v1.MapScheduleEndpoints();
v1.MapProviderEndpoints();
v1.MapTemplateEndpoints();
v1.MapCategoryEndpoints();
v1.MapTopicEndpoints();
v1.MapAudienceEndpoints();
v1.MapStatsEndpoints();
v1.MapSettingsEndpoints();
v1.MapEventEndpointEndpoints();
v1.MapWorkflowEndpoints();

app.Run();

public partial class Program;
