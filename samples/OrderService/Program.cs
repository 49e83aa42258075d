using Notifications.Client;
using Notifications.Samples.OrderService;

// An order service that runs beside the Notifications silos: it joins their cluster as an Orleans client (the same
// Notifications:Storage and Notifications:Orleans settings as the silos) and tells customers about their orders
// through the cluster's gateways, with no HTTP between it and the silos.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddNotificationsClusterClient(builder.Configuration, options => options.Tenant = builder.Configuration["Tenant"] ?? options.Tenant);
builder.Services.AddProblemDetails();
// Answers in the service's own JSON: snake_case names, enums by name.
builder.Services.ConfigureHttpJsonOptions(options => NotificationsJson.Configure(options.SerializerOptions));
var app = builder.Build();

app.MapPost("/orders/{orderId}/shipped", async (string orderId, ShippedOrder order, NotificationsClusterClient notifications) =>
{
    try
    {
        // Keyed by the order: a retried request sends nothing twice.
        var sent = await notifications.SendAsync(
            new SendNotification(order.CustomerId, $"Your order {orderId} is on its way{(order.Carrier is { } carrier ? $" with {carrier}" : "")}.", Title: "Order shipped", Category: "orders"),
            idempotencyKey: $"order-shipped-{orderId}");
        return Results.Accepted($"/notifications/{sent.Id}", sent);
    }
    catch (NotificationsApiException refused)
    {
        return Results.ValidationProblem(refused.Errors.ToDictionary(), refused.Detail, statusCode: (int)refused.StatusCode, title: refused.Title);
    }
});

app.MapGet("/notifications/{notificationId}", async (string notificationId, NotificationsClusterClient notifications) =>
    await notifications.GetAsync(notificationId) is { } notification ? Results.Ok(notification) : Results.NotFound());

// The customer's inbox, live, from the cluster's stream of it.
app.MapGet("/customers/{customerId}/inbox/live", (string customerId, NotificationsClusterClient notifications, CancellationToken cancellationToken) =>
    TypedResults.ServerSentEvents(notifications.FollowInboxAsync(customerId, cancellationToken)));

app.Run();
