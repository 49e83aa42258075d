using System.Text;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>One request the fuzz sends, kept so that a failure can say exactly what was sent.</summary>
public sealed record FuzzRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, FuzzBody? Body)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Target);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is { Text: { } text })
        {
            message.Content = new StringContent(text, Encoding.UTF8);
            message.Content.Headers.ContentType = Body.ContentType is { } type ? new System.Net.Http.Headers.MediaTypeHeaderValue(type) : null;
        }

        return message;
    }

    public override string ToString()
    {
        var headers = string.Join(", ", Headers.Select(h => $"{h.Key}: {Shorten(h.Value, 60)}"));
        var body = Body is null ? "" : $"\n    body ({Body.Variant}, {Body.ContentType ?? "no content type"}): {Shorten(Body.Text ?? "", 400)}";
        return $"{Method} {Shorten(Target, 300)} [{headers}]{body}";
    }

    public static string Shorten(string text, int length) => text.Length <= length ? text : $"{text[..length]}... ({text.Length} characters)";
}
