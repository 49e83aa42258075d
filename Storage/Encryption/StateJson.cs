using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Storage;

/// <summary>How grain state is written before it is encrypted: the same as before the move onto Orleans, so files written then still read.</summary>
public static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
