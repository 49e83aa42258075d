using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Grains;

/// <summary>The HTTP client every provider sends through.</summary>
public static class ProviderHttp
{
    public const string ClientName = "providers";

    /// <summary>An error body as the provider documents it, or null when it sent something else (a proxy's page).</summary>
    public static async Task<T?> ReadJsonOrDefaultAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
