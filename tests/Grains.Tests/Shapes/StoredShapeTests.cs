using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Storage;
using Orleans.Serialization;

namespace Notifications.Grains.Tests;

/// <summary>
/// Every grain state and every message, as this build writes them, is kept in <c>shapes.json</c>; each later build
/// reads them back. A member renamed, retyped or dropped fails here (keep the old name, or migrate on purpose);
/// members added since are welcome. A new stored or sent type is added to the file with
/// <c>NOTIFICATIONS_WRITE_SHAPES=1 dotnet test --filter StoredShapeTests</c>, which never rewrites what is there.
/// </summary>
public sealed class StoredShapeTests
{
    private static readonly Assembly[] Assemblies = [typeof(NotificationRequest).Assembly, typeof(UserGrain).Assembly, typeof(ProtectedState).Assembly];

    [Fact]
    public void States_and_messages_written_by_an_earlier_build_read_back_with_every_member()
    {
        using var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(NotificationRequest).Assembly).AddAssembly(typeof(UserGrain).Assembly))
            .AddNotificationsSerialization().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var path = FixturePath();
        var fixture = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : new JsonObject { ["states"] = new JsonObject(), ["messages"] = new JsonObject() };
        if (Environment.GetEnvironmentVariable("NOTIFICATIONS_WRITE_SHAPES") == "1")
        {
            AddMissing(fixture, serializer);
            File.WriteAllText(path, fixture.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var failures = new List<string>();
        foreach (var (alias, written) in fixture["states"]!.AsObject())
        {
            Check(failures, alias, () =>
            {
                var type = TypeOf(alias);
                var read = JsonSerializer.Deserialize(written!.ToJsonString(), type, StateJson.Options);
                ExpectContained(written, JsonSerializer.SerializeToNode(read, type, StateJson.Options), alias, failures);
            });
        }

        foreach (var (alias, written) in fixture["messages"]!.AsObject())
        {
            Check(failures, alias, () =>
            {
                var read = serializer.Deserialize<object>(Convert.FromBase64String(written!["orleans"]!.GetValue<string>()))!;
                var type = TypeOf(alias);
                if (read.GetType() != type)
                {
                    failures.Add($"{alias}: read back as {read.GetType()}");
                }

                ExpectContained(written["json"], JsonSerializer.SerializeToNode(read, type, StateJson.Options), alias, failures);
            });
        }

        var missing = StateTypes().Select(AliasOf).Where(a => fixture["states"]![a] is null)
            .Concat(MessageTypes().Select(AliasOf).Where(a => fixture["messages"]![a] is null)).ToArray();
        if (missing.Length > 0)
        {
            failures.Add($"Not in shapes.json yet (add them with NOTIFICATIONS_WRITE_SHAPES=1): {string.Join(", ", missing)}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static void AddMissing(JsonObject fixture, Serializer serializer)
    {
        foreach (var type in StateTypes().Where(t => fixture["states"]![AliasOf(t)] is null))
        {
            fixture["states"]![AliasOf(type)] = JsonSerializer.SerializeToNode(SampleValues.Make(type), type, StateJson.Options);
        }

        foreach (var type in MessageTypes().Where(t => fixture["messages"]![AliasOf(t)] is null))
        {
            var sample = SampleValues.Make(type)!;
            fixture["messages"]![AliasOf(type)] = new JsonObject
            {
                ["orleans"] = Convert.ToBase64String(serializer.SerializeToArray<object>(sample)),
                ["json"] = JsonSerializer.SerializeToNode(sample, type, StateJson.Options),
            };
        }
    }

    /// <summary>What <paramref name="expected"/> holds, <paramref name="actual"/> holds too, whatever else it holds.</summary>
    private static void ExpectContained(JsonNode? expected, JsonNode? actual, string path, List<string> failures)
    {
        switch (expected)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    if (actual is not JsonObject actualMembers || !actualMembers.ContainsKey(name))
                    {
                        failures.Add($"{path}.{name}: written by an earlier build, not read by this one");
                        continue;
                    }

                    ExpectContained(value, actualMembers[name], $"{path}.{name}", failures);
                }

                break;
            case JsonArray items:
                if (actual is not JsonArray actualItems || actualItems.Count != items.Count)
                {
                    failures.Add($"{path}: {items.ToJsonString()} read back as {actual?.ToJsonString() ?? "nothing"}");
                    break;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    ExpectContained(items[i], actualItems[i], $"{path}[{i}]", failures);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    failures.Add($"{path}: {expected?.ToJsonString()} read back as {actual?.ToJsonString() ?? "nothing"}");
                }

                break;
        }
    }

    private static void Check(List<string> failures, string alias, Action check)
    {
        try
        {
            check();
        }
        catch (Exception exception)
        {
            failures.Add($"{alias}: {exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>The grains' stored states, written as JSON behind the encrypting storage.</summary>
    private static IEnumerable<Type> StateTypes() =>
        typeof(UserGrain).Assembly.GetTypes().Where(t => t.Name.EndsWith("GrainState", StringComparison.Ordinal) && t.GetCustomAttribute<AliasAttribute>() is not null);

    /// <summary>Everything sent between grains, clients and silos, and what a backend stores for a state.</summary>
    private static IEnumerable<Type> MessageTypes() =>
        Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null && t.GetCustomAttribute<AliasAttribute>() is not null
                && !t.IsAbstract && !t.IsGenericTypeDefinition && !t.Name.EndsWith("GrainState", StringComparison.Ordinal));

    private static string AliasOf(Type type) => type.GetCustomAttribute<AliasAttribute>()!.Alias;

    private static Type TypeOf(string alias) =>
        Assemblies.SelectMany(a => a.GetTypes()).SingleOrDefault(t => t.GetCustomAttribute<AliasAttribute>()?.Alias == alias)
        ?? throw new InvalidOperationException("no type has this alias any more: keep the alias on the type that took its place");

    private static string FixturePath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "shapes.json");
}
