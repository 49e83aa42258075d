using System.Net;

namespace Notifications.Client.Tests;

/// <summary>
/// Lets the first request to a path reach the server, then drops its answer and reports 503, as a flaky network
/// would; counts the requests to that path and the idempotency keys they carried.
/// </summary>
internal sealed class LoseFirstResponseHandler(string path) : DelegatingHandler
{
    private int _calls;

    public List<string> IdempotencyKeys { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != path)
        {
            return response;
        }

        lock (IdempotencyKeys)
        {
            IdempotencyKeys.Add(request.Headers.GetValues("Idempotency-Key").Single());
        }

        if (Interlocked.Increment(ref _calls) == 1)
        {
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        return response;
    }
}
