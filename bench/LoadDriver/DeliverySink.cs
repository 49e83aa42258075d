using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Bench;

/// <summary>
/// The webhook receiver inside the driver: it checks each signature, dedupes on webhook-id as a receiver should,
/// and records accept-to-delivered latency from the payload's accepted_at.
/// </summary>
internal sealed class DeliverySink(byte[] key, int expected)
{
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _delivered;
    private int _duplicates;
    private int _badSignatures;
    private int _criticalDelivered;

    public LatencyRecorder Latency { get; } = new(expected);

    /// <summary>Accept-to-delivered latency of critical notifications alone.</summary>
    public LatencyRecorder CriticalLatency { get; } = new(expected);

    public int CriticalDelivered => Volatile.Read(ref _criticalDelivered);

    /// <summary>Completes once this many notifications other than critical ones have arrived.</summary>
    public int Expected => expected;

    public int Delivered => Volatile.Read(ref _delivered);

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    public Task AllDelivered => _all.Task;

    public DateTimeOffset LastDeliveryAt { get; private set; }

    public async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var received = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var expectedSignature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body]));
        if (context.Request.Headers["webhook-signature"].ToString() != expectedSignature)
        {
            Interlocked.Increment(ref _badSignatures);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (!_seen.TryAdd(id, 0))
        {
            Interlocked.Increment(ref _duplicates);
            return Results.NoContent();
        }

        var (acceptedAt, critical) = Read(body);
        if (critical)
        {
            CriticalLatency.Record(received - acceptedAt);
            Interlocked.Increment(ref _criticalDelivered);
            return Results.NoContent();
        }

        Latency.Record(received - acceptedAt);
        LastDeliveryAt = received;
        // ConcurrentDictionary.Count takes every lock of the dictionary: a counter of our own does not.
        if (Interlocked.Increment(ref _delivered) >= expected)
        {
            _all.TrySetResult();
        }

        return Results.NoContent();
    }

    private static (DateTimeOffset AcceptedAt, bool Critical) Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var critical = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("priority"u8))
            {
                reader.Read();
                critical = reader.ValueTextEquals("critical"u8);
            }
            else if (reader.ValueTextEquals("accepted_at"u8))
            {
                reader.Read();
                return (reader.GetDateTimeOffset(), critical);
            }
        }

        throw new InvalidOperationException("A delivery without accepted_at.");
    }
}
