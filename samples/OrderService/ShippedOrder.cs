namespace Notifications.Samples.OrderService;

internal sealed record ShippedOrder(string CustomerId, string? Carrier = null);
