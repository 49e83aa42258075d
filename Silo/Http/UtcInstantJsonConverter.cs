using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Silo;

/// <summary>An instant written in UTC with a <c>Z</c> (<c>2026-12-06T22:14:30.99Z</c>), whatever offset it carries.</summary>
internal sealed class UtcInstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
