using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Notifications.Client;

public static class NotificationsClientServiceCollectionExtensions
{
    /// <summary>Registers <see cref="NotificationsClient"/> as a typed HttpClient.</summary>
    public static IHttpClientBuilder AddNotificationsClient(this IServiceCollection services, Action<NotificationsClientOptions> configure)
    {
        services.Configure(configure);
        return services.AddHttpClient<NotificationsClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<NotificationsClientOptions>>().Value;
            var baseAddress = options.BaseAddress.ToString();
            http.BaseAddress = new Uri(baseAddress.EndsWith('/') ? baseAddress : baseAddress + "/");
        });
    }
}
