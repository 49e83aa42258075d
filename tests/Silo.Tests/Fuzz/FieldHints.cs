using System.Globalization;
using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// Values the service can accept for fields whose schema says only "string": a channel that exists, a cron that
/// parses, a filter in the audience language. Without them almost every generated body would stop at the first check.
/// </summary>
public sealed class FieldHints(RealResources real)
{
    /// <summary>Where webhooks point: loopback, a port nothing listens on, so a delivery fails at once and stays on this machine.</summary>
    public const string UnreachableWebhook = "http://127.0.0.1:1/fuzz-hook";

    public static readonly string[] Channels = ["log", "inapp", "webhook"];

    public bool TryGet(string name, Random random, out JsonNode? value)
    {
        value = name switch
        {
            "user_id" => Pick(random, real.Users),
            "notification_id" => Pick(random, real.Notifications),
            "ids" => new JsonArray(real.Notifications.Take(random.Next(1, 3)).Select(id => (JsonNode?)id).ToArray()),
            "template" => Pick(random, real.Templates),
            "category" => Pick(random, real.Categories),
            "channel" or "service_type" => Pick(random, Channels),
            "channels" => new JsonArray(Pick(random, Channels)),
            "language" or "locale" => Pick(random, ["en", "de", "fr-CA"]),
            "time_zone" => Pick(random, ["Europe/Berlin", "UTC", "America/New_York"]),
            "cron" => Pick(random, ["0 9 * * 1-5", "*/5 * * * *", "0 0 1 1 *"]),
            "filter" => Pick(random, ["language == \"en\"", "plan in [\"pro\", \"team\"]", "country exists"]),
            "url" => UnreachableWebhook,
            "email" => "fuzz@example.org",
            "phone" => "+4915112345678",
            // An engagement's action, or a frequency cap's.
            "action" => Pick(random, ["delivered", "opened", "clicked", "dismissed", "ignored", "unsubscribed", "suppress", "defer"]),
            "mode" => Pick(random, ["default", "log", "inapp"]),
            "id" or "token" or "dedupe_key" or "idempotency_key" or "device_id" => SchemaValues.Word(random),
            "title" or "description" or "name" => Pick(random, ["Order shipped", "Fuzzed"]),
            "secret" => "whsec_" + Convert.ToBase64String(Enumerable.Range(0, 32).Select(_ => (byte)random.Next(256)).ToArray()),
            "priority" => Pick(random, ["critical", "high", "normal", "low"]),
            "start" => "22:00",
            "end" => "07:00",
            "kind" => Pick(random, ["fcm", "apns", "webpush"]),
            "send_at_local" => DateTime.UtcNow.AddDays(random.Next(1, 30)).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            "message" or "body" => Pick(random, ["Hello {{name}}", "Your code is 123456"]),
            _ => null,
        };
        return value is not null;
    }

    private static JsonNode Pick(Random random, IReadOnlyList<string> values) =>
        values.Count == 0 ? "none" : values[random.Next(values.Count)];
}
