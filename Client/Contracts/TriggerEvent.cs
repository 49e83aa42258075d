using System.Text.Json;

namespace Notifications.Client;

/// <summary>Something that happened in an application, for the workflows that listen to it.</summary>
/// <param name="Name">The event's name (<c>order.shipped</c>), which workflows list in their <c>events</c>.</param>
/// <param name="UserId">The user it is about; or <paramref name="UserIds"/> for several, or <paramref name="Topic"/> for every subscriber of a topic.</param>
/// <param name="Payload">A JSON object: what templates and conditions read as <c>payload</c>.</param>
/// <param name="IdempotencyKey">The same key again starts nothing new and answers the runs started the first time.</param>
/// <param name="Priority">critical skips a digest's window; sends without a priority of their own go at this one.</param>
public sealed record TriggerEvent(
    string Name,
    string? UserId = null,
    IReadOnlyList<string>? UserIds = null,
    JsonElement? Payload = null,
    string? IdempotencyKey = null,
    NotificationPriority? Priority = null,
    string? Topic = null);
