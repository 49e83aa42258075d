using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Notifications.Grains;

public static class NotificationsSerialization
{
    /// <summary>
    /// What the grains' messages carry beyond Orleans' own codecs: users' attributes are free-form JSON values
    /// (<see cref="JsonElement"/>), sent as JSON. Silos and clients alike need it.
    /// </summary>
    public static IServiceCollection AddNotificationsSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type == typeof(JsonElement)));
}
