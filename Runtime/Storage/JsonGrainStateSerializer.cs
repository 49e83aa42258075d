using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Runtime;

/// <summary>State as UTF-8 JSON: readable in the database, and tolerant of fields added later.</summary>
public sealed class JsonGrainStateSerializer : IGrainStateSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    public T Deserialize<T>(byte[] data) => JsonSerializer.Deserialize<T>(data, Options)!;
}
