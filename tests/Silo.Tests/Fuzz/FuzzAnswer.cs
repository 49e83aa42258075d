namespace Notifications.Silo.Tests.Fuzz;

/// <summary>What came back for a request: status, media type, headers that matter, and the body as text.</summary>
public sealed record FuzzAnswer(int Status, string? MediaType, string? Location, string Body)
{
    public static async Task<FuzzAnswer> ReadAsync(HttpResponseMessage response) => new(
        (int)response.StatusCode,
        response.Content.Headers.ContentType?.MediaType,
        response.Headers.Location?.OriginalString,
        await response.Content.ReadAsStringAsync());

    public override string ToString() => $"{Status} {MediaType ?? "(no content type)"}: {FuzzRequest.Shorten(Body, 600)}";
}
