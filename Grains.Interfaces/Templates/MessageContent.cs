namespace Notifications.Grains;

/// <summary>What one channel shows: the notification's own title and message, or its template rendered.</summary>
/// <param name="Body">The text for this channel: the push body, the SMS, what the call reads, the email's text part.</param>
/// <param name="EmailSubject">Email only.</param>
/// <param name="EmailHtml">Email only; null lets the channel make HTML from the text.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.MessageContent")]
public sealed record MessageContent(string? Title, string Body, string? EmailSubject = null, string? EmailHtml = null)
{
    /// <summary>An email's subject when none is given: the title, else the body's first line, cut to 78 characters.</summary>
    public static string DefaultSubject(string? title, string body)
    {
        if (title is { Length: > 0 })
        {
            return title;
        }

        var firstLine = body.Split('\n')[0].Trim();
        return firstLine.Length <= 78 ? firstLine : firstLine[..77] + "…";
    }
}
