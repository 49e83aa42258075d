using System.Globalization;
using System.Text;

namespace Notifications.Grains;

/// <summary>Control characters in text a caller gave: a CR or LF would start a new header line, or a forged log line.</summary>
public static class ControlCharacters
{
    public static bool In(string? text) =>
        text is not null && (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0);

    /// <summary>For a header: each control character becomes a space, so the text stays one line.</summary>
    public static string ToSpaces(string text) => In(text) ? string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        }
    }) : text;

    /// <summary>For a log: each control character written as an escape (<c>\n</c>, <c>\u001b</c>), so one entry stays one line and no terminal obeys it.</summary>
    public static string? Escaped(string? text)
    {
        if (!In(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text!.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\r' => escaped.Append("\\r"),
                '\n' => escaped.Append("\\n"),
                '\t' => escaped.Append("\\t"),
                _ when char.IsControl(c) => escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
