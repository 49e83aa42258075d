using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Notifications.Grains;

public static class NotificationsSerialization
{
    /// <summary>The namespace of the <c>/v1</c> contracts, which the gateway grain takes and answers as JSON, as over HTTP.</summary>
    private const string ContractsNamespace = "Notifications.Client";

    /// <summary>
    /// What the grains' messages carry beyond Orleans' own codecs, as JSON: users' attributes, free-form JSON values
    /// (<see cref="JsonElement"/>), and the <c>/v1</c> contracts that .NET services in the cluster send through the
    /// gateway grain (versioned as the HTTP API is). Silos and clients alike need it.
    /// </summary>
    public static IServiceCollection AddNotificationsSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type == typeof(JsonElement) || type.Namespace == ContractsNamespace));
}
