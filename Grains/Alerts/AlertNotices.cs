using Microsoft.Extensions.Options;

namespace Notifications.Grains;

/// <summary>
/// Tells that an alert was raised or resolved: an <c>alert.raised</c> or <c>alert.resolved</c> event in the tenant's
/// log, and, when an operator address is configured, an email to it sent as a critical notification of the alerts
/// tenant (so it takes the email channel's providers, retries and failover like any). A repeat tells it again under
/// the same event and notification ids.
/// </summary>
public sealed class AlertNotices(IGrainFactory grains, EventPublisher events, IOptions<AlertOptions> options)
{
    /// <summary>The user of the alerts tenant whose email address is the operator's.</summary>
    public const string OperatorUser = "alerts-operator";

    /// <summary>As <see cref="TellAsync"/>, false for any failure (the email's too): the caller tells it again later.</summary>
    public async Task<bool> TryTellAsync(string tenant, ActiveAlert alert, bool resolved, DateTimeOffset at)
    {
        try
        {
            return await TellAsync(tenant, alert, resolved, at);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <returns>False when the event could not be logged: the caller tells it again later.</returns>
    public async Task<bool> TellAsync(string tenant, ActiveAlert alert, bool resolved, DateTimeOffset at)
    {
        var step = resolved ? "resolved" : "raised";
        var type = resolved ? EventTypes.AlertResolved : EventTypes.AlertRaised;
        var reason = resolved ? $"Resolved: {alert.Reason}" : alert.Reason;
        var told = await events.TryPublishAsync(tenant, () =>
            [new TenantEvent(StableHash.IdOf("evt_", alert.Id, step), type, at, NotificationId: null, UserId: null, alert.Channel, alert.Provider, Reason: reason, Alert: alert.Kind, AlertId: alert.Id)]);
        if (told is null)
        {
            return false;
        }

        if (options.Value.Email is { Length: > 0 } email)
        {
            var operatorTenant = options.Value.Tenant;
            await grains.GetGrain<IUserGrain>(UserKey.For(operatorTenant, OperatorUser)).UpdateAsync(new UserUpdate(Email: email));
            var title = $"[{(resolved ? "resolved" : "alert")}] {alert.Kind.Replace('_', ' ')}: {alert.Subject}";
            var message = $"{reason}\n\nTenant: {tenant}\nAlert: {alert.Kind} ({alert.Id})\nRaised at: {alert.RaisedAt:O}" + (resolved ? $"\nResolved at: {at:O}" : "");
            var request = new NotificationRequest(operatorTenant, OperatorUser, message, title, Priority.Critical, Channel: ChannelNames.Email);
            var id = StableHash.IdOf("alert-", alert.Id, step);
            await grains.GetGrain<INotificationGrain>(id).AcceptAsync(request, id);
        }

        return true;
    }
}
