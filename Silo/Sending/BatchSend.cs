using Notifications.Client;

namespace Notifications.Silo;

/// <summary>One item of a batch as checked: its idempotency key (its own, or the batch's with its position) and the template version pinned.</summary>
public sealed record BatchSend(SendNotification Send, string? IdempotencyKey, int? TemplateVersion);
