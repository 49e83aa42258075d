using System.Text.Json;

namespace Notifications.Testing;

/// <summary>Reads a server-sent event stream an event at a time.</summary>
public sealed class EventStreamReader(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    public static async Task<EventStreamReader> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Xunit.Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return new EventStreamReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <param name="pings">Whether a ping counts as the next event; by default they are passed over.</param>
    public async Task<(string Event, JsonElement Data)> NextAsync(bool pings = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                if (type == "ping" && !pings)
                {
                    (type, data) = (null, null);
                    continue;
                }

                return (type ?? "message", JsonDocument.Parse(data).RootElement.Clone());
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
