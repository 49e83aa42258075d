namespace Notifications.Grains;

/// <summary>What a sender asked for, as accepted.</summary>
/// <param name="SendAt">Not before this instant.</param>
/// <param name="SendAtLocal">Not before this wall-clock time in the user's time zone (UTC when the user has none).</param>
/// <param name="ExpiresAt">Never sent after this instant: it becomes Expired instead.</param>
/// <param name="Channel">Only this channel; the user's endpoints decide when neither this nor <paramref name="Channels"/> is given.</param>
/// <param name="Channels">These channels in order: each later one is tried when the ones before have no live address or fail for good.</param>
/// <param name="TemplateId">Rendered per channel in the user's locale; <paramref name="TemplateVersion"/> is pinned when the send is accepted.</param>
/// <param name="CategoryPolicy">The tenant's policy for <paramref name="Category"/> when the send was accepted.</param>
/// <param name="FanOutId">The send to many users (a topic's subscribers, an audience) this notification is one recipient's part of.</param>
/// <param name="DedupeKey">Another notification to the same user with this key within <paramref name="DedupeWindow"/> is suppressed.</param>
/// <param name="DeviceId">Push to this one of the user's devices (by its id or token) through its channel; when the user
/// has no such device, the user's endpoints decide as usual. Left out of the request's hash while unset, so idempotency
/// keys used before it existed still match.</param>
/// <param name="Variables">A JSON object whose members the template sees beside <c>user</c> and <c>data</c>: a workflow's
/// event as <c>payload</c> and a digest's events as <c>events</c>; left out of the hash while unset.</param>
/// <param name="Topic">The topic whose send this notification is one subscriber's part of (with <paramref name="FanOutId"/>, the send); left out of the hash while unset.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.NotificationRequest")]
public sealed record NotificationRequest(
    string Tenant,
    string UserId,
    string Message,
    string? Title = null,
    Priority Priority = Priority.Normal,
    string? Category = null,
    string? Language = null,
    string? Channel = null,
    IReadOnlyDictionary<string, string>? Data = null,
    DeliveryMode Mode = DeliveryMode.AtLeastOnce,
    DateTimeOffset? SendAt = null,
    DateTime? SendAtLocal = null,
    DateTimeOffset? ExpiresAt = null,
    string? DedupeKey = null,
    TimeSpan? DedupeWindow = null,
    IReadOnlyList<string>? Channels = null,
    string? TemplateId = null,
    int? TemplateVersion = null,
    CategoryPolicy? CategoryPolicy = null,
    string? FanOutId = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? DeviceId = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Topic = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] System.Text.Json.JsonElement? Variables = null);
