using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Notifications.Testing;

/// <summary>
/// An OTLP/HTTP receiver of traces (<c>POST /v1/traces</c>, protobuf) that keeps every span it is sent. It reads the
/// few fields of OTLP's <c>ExportTraceServiceRequest</c> the tests ask about, by their protobuf field numbers.
/// </summary>
public sealed class OtlpReceiver : LoopbackServer
{
    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        await receiver.StartAsync(app => app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            foreach (var span in ReadRequest(body.ToArray()))
            {
                receiver.Spans.Enqueue(span);
            }

            return Results.Ok();
        }));
        return receiver;
    }

    // ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.scope_spans = 2; ScopeSpans.spans = 2.
    private static IEnumerable<ReceivedSpan> ReadRequest(byte[] request) =>
        from resourceSpans in Fields(request, 1)
        from scopeSpans in Fields(resourceSpans, 2)
        from span in Fields(scopeSpans, 2)
        select ReadSpan(span);

    // Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5; attributes = 9 as KeyValue (key = 1, value = 2: AnyValue.string_value = 1).
    private static ReceivedSpan ReadSpan(byte[] span)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var pair in Fields(span, 9))
        {
            var key = Fields(pair, 1).Select(System.Text.Encoding.UTF8.GetString).FirstOrDefault();
            var value = Fields(pair, 2).SelectMany(v => Fields(v, 1)).Select(System.Text.Encoding.UTF8.GetString).FirstOrDefault();
            if (key is not null && value is not null)
            {
                attributes[key] = value;
            }
        }

        return new ReceivedSpan(
            Convert.ToHexStringLower(Fields(span, 1).Single()),
            Convert.ToHexStringLower(Fields(span, 2).Single()),
            Fields(span, 4).Select(Convert.ToHexStringLower).FirstOrDefault(p => p.Length > 0),
            System.Text.Encoding.UTF8.GetString(Fields(span, 5).Single()),
            attributes);
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of a protobuf message.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    ReadVarint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    if (field == number)
                    {
                        found.Add(message[position..(position + length)]);
                    }

                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Wire type {tag & 7} is not one OTLP uses.");
            }
        }

        return found;
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}

/// <param name="ParentSpanId">Null for a root span.</param>
public sealed record ReceivedSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);
