using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace Notifications.Silo;

/// <summary>
/// The lines of a streamed request body, each at most a given number of bytes: a longer line is skipped as it arrives
/// (its text null), never held whole, so a body without a newline cannot fill the memory. A body longer than
/// <c>maxBytes</c> ends the reading with a 413 <see cref="BadHttpRequestException"/>, as Kestrel's own limit does.
/// </summary>
internal static class BodyLines
{
    public static async IAsyncEnumerable<BodyLine> ReadAsync(PipeReader reader, int maxLineBytes, long maxBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long number = 0, consumed = 0;
        var skipping = false;
        var lines = new List<BodyLine>();
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (consumed + buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start);
                throw new BadHttpRequestException($"The body is longer than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            var start = buffer.Start;
            lines.Clear();
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = buffer.Slice(0, end);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                number++;
                lines.Add(skipping || ContentLength(line, number) > maxLineBytes ? new BodyLine(number, null) : new BodyLine(number, Decode(line, number)));
                skipping = false;
            }

            // Room for a CR and, on the first line, a byte-order mark, which are not the line's own.
            if (skipping || buffer.Length > maxLineBytes + 4)
            {
                // Too long already: what has come of it goes, and so does the rest up to its newline.
                skipping = true;
                buffer = buffer.Slice(buffer.End);
            }

            var completed = read.IsCompleted;
            if (completed && (skipping || buffer.Length > 0))
            {
                number++;
                lines.Add(new BodyLine(number, skipping ? null : Decode(buffer, number)));
                buffer = buffer.Slice(buffer.End);
            }

            // Handed back before the lines are: a reader that stops early leaves no read outstanding.
            consumed += read.Buffer.Slice(start, buffer.Start).Length;
            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var line in lines)
            {
                yield return line;
            }

            if (completed)
            {
                yield break;
            }
        }
    }

    /// <summary>A line's bytes without its CR and, on the first line, its UTF-8 byte-order mark.</summary>
    private static long ContentLength(ReadOnlySequence<byte> line, long number)
    {
        var length = line.Length;
        if (length > 0 && line.Slice(length - 1).FirstSpan[0] == (byte)'\r')
        {
            length--;
        }

        if (number == 1 && line.Length >= 3 && line.Slice(0, 3).ToArray() is [0xEF, 0xBB, 0xBF])
        {
            length -= 3;
        }

        return length;
    }

    private static string Decode(ReadOnlySequence<byte> line, long number)
    {
        var text = Encoding.UTF8.GetString(line);
        if (number == 1 && text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        return text.EndsWith('\r') ? text[..^1] : text;
    }
}
