using System.Text;
using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// Turns a body that keeps to its schema into one that breaks it in one way: a wrong type, a null inside a list or
/// map, a field left out or added, a key given twice, a huge string, a value outside its enum, a number out of range,
/// something that is not an object or not JSON at all, or the wrong content type.
/// </summary>
public static class BodyMutations
{
    private const string Json = "application/json";

    public static FuzzBody Mutate(JsonNode? valid, Random random)
    {
        var slots = Slots(valid, "$").ToList();
        var variant = random.Next(16);
        if (slots.Count == 0 && variant < 10)
        {
            variant = 10 + random.Next(6);
        }

        switch (variant)
        {
            case 0 or 1:
            {
                var slot = slots[random.Next(slots.Count)];
                var wrong = WrongType(slot.Get(), random);
                slot.Set(wrong);
                return new FuzzBody(valid!.ToJsonString(), Json, $"wrong type at {slot.Path}");
            }
            case 2 or 3:
            {
                var slot = slots[random.Next(slots.Count)];
                var containers = slots.Where(s => s.Get() is JsonArray or JsonObject).ToList();
                if (containers.Count > 0 && random.Next(2) == 0)
                {
                    var container = containers[random.Next(containers.Count)];
                    switch (container.Get())
                    {
                        case JsonArray array:
                            array.Add(null);
                            break;
                        case JsonObject map:
                            map[SchemaValues.Word(random)] = null;
                            break;
                    }

                    return new FuzzBody(valid!.ToJsonString(), Json, $"null inside {container.Path}");
                }

                slot.Set(null);
                return new FuzzBody(valid!.ToJsonString(), Json, $"null at {slot.Path}");
            }
            case 4 or 5:
            {
                var slot = slots[random.Next(slots.Count)];
                slot.Remove();
                return new FuzzBody(valid!.ToJsonString(), Json, $"missing {slot.Path}");
            }
            case 6:
            {
                var objects = slots.Select(s => s.Get()).OfType<JsonObject>().Prepend(valid as JsonObject).OfType<JsonObject>().ToList();
                var target = objects.Count > 0 ? objects[random.Next(objects.Count)] : null;
                if (target is not null)
                {
                    target["unexpected_" + SchemaValues.Word(random)] = SchemaValues.Word(random);
                }

                return new FuzzBody(valid!.ToJsonString(), Json, "an extra key");
            }
            case 7:
            {
                var slot = slots[random.Next(slots.Count)];
                var huge = random.Next(4) == 0 ? 1_100_000 : random.Next(9_000, 70_000);
                slot.Set(new string('h', huge));
                return new FuzzBody(valid!.ToJsonString(), Json, $"a string of {huge} characters at {slot.Path}");
            }
            case 8:
            {
                var strings = slots.Where(s => s.Get() is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList();
                var slot = strings.Count > 0 ? strings[random.Next(strings.Count)] : slots[random.Next(slots.Count)];
                slot.Set("not_a_known_value_" + SchemaValues.Word(random));
                return new FuzzBody(valid!.ToJsonString(), Json, $"a value outside what is allowed at {slot.Path}");
            }
            case 9:
            {
                var slot = slots[random.Next(slots.Count)];
                JsonNode number = random.Next(4) switch
                {
                    0 => JsonValue.Create(-1),
                    1 => JsonValue.Create(1.5),
                    2 => JsonValue.Create(long.MaxValue),
                    _ => JsonValue.Create(decimal.MaxValue),
                };
                slot.Set(number);
                return new FuzzBody(valid!.ToJsonString(), Json, $"the number {number.ToJsonString()} at {slot.Path}");
            }
            case 10:
                return DuplicateKey(valid, random);
            case 11:
            {
                string[] roots = ["null", "[]", "\"text\"", "42", "{}", "true", "[{}]"];
                var root = roots[random.Next(roots.Length)];
                return new FuzzBody(root, Json, $"the root {root}");
            }
            case 12:
            {
                var text = valid?.ToJsonString() ?? "{\"a\": 1}";
                return new FuzzBody(text[..Math.Max(1, text.Length / 2)], Json, "JSON cut in half");
            }
            case 13:
                return new FuzzBody(new string('[', 5_000) + new string(']', 5_000), Json, "arrays nested 5,000 deep");
            case 14:
            {
                string[] types = ["text/plain", "application/x-www-form-urlencoded", "application/x-ndjson", "text/csv", "application/xml"];
                var type = types[random.Next(types.Length)];
                var text = type == "text/csv" ? "user_id,language\nfuzz-a,en\n,\n\"unclosed,x\n" : valid?.ToJsonString() ?? "x";
                return new FuzzBody(text, type, $"content type {type}");
            }
            default:
                return new FuzzBody(null, null, "no body");
        }
    }

    /// <summary>The same key twice in one object: System.Text.Json's object model cannot hold that, so it is made in the text.</summary>
    private static FuzzBody DuplicateKey(JsonNode? valid, Random random)
    {
        if (valid is JsonObject { Count: > 0 } root)
        {
            var (key, value) = root.ElementAt(random.Next(root.Count));
            var twice = new StringBuilder("{").Append(JsonValue.Create(key).ToJsonString()).Append(':').Append(value?.ToJsonString() ?? "null").Append(',');
            return new FuzzBody(twice.Append(root.ToJsonString()[1..]).ToString(), Json, $"the key {key} twice");
        }

        return new FuzzBody("{\"a\": 1, \"a\": 2}", Json, "a key twice");
    }

    private static JsonNode? WrongType(JsonNode? current, Random random) => current switch
    {
        JsonObject => random.Next(2) == 0 ? "an object was here" : new JsonArray(1, 2),
        JsonArray => random.Next(2) == 0 ? new JsonObject { ["0"] = "x" } : "a list was here",
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => random.Next(3) switch
        {
            0 => 12345,
            1 => new JsonObject(),
            _ => true,
        },
        _ => random.Next(2) == 0 ? "a string" : new JsonArray("x"),
    };

    /// <summary>Every place in the tree a value sits, with how to change or remove it.</summary>
    private static IEnumerable<JsonSlot> Slots(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var key in map.Select(p => p.Key).ToList())
                {
                    var childPath = $"{path}.{key}";
                    yield return new JsonSlot(childPath, () => map[key], v => map[key] = v, () => map.Remove(key));
                    foreach (var inner in Slots(map[key], childPath))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var index = i;
                    var childPath = $"{path}[{index}]";
                    yield return new JsonSlot(childPath, () => list[index], v => list[index] = v, () => list[index] = null);
                    foreach (var inner in Slots(list[index], childPath))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
