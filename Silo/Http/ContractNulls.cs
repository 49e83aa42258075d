using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Notifications.Silo;

/// <summary>
/// Finds the nulls a request's contract does not allow where JSON reading does not look: inside lists and maps
/// (<c>"devices": [null]</c>, <c>"category_channels": {"x": null}</c>). Each is named by its JSON path, so a body is
/// refused whole with a 400 before any of it reaches a grain.
/// </summary>
internal static class ContractNulls
{
    private const int MaxReported = 10;

    private static readonly ConcurrentDictionary<Type, ContractProperty[]> Properties = new();

    public static void Find(object value, string path, JsonNamingPolicy? names, IDictionary<string, string[]> errors)
    {
        if (errors.Count >= MaxReported || !IsContract(value.GetType()))
        {
            return;
        }

        foreach (var property in Properties.GetOrAdd(value.GetType(), Describe))
        {
            if (property.Info.GetValue(value) is not { } member)
            {
                continue;
            }

            var at = Join(path, names?.ConvertName(property.Info.Name) ?? property.Info.Name);
            switch (member)
            {
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        Check(entry.Value, $"{at}.{entry.Key}", property.ElementAllowsNull, names, errors);
                    }

                    break;
                case IEnumerable list and not string:
                    var index = 0;
                    foreach (var item in list)
                    {
                        Check(item, $"{at}[{index++}]", property.ElementAllowsNull, names, errors);
                    }

                    break;
                default:
                    Find(member, at, names, errors);
                    break;
            }
        }
    }

    private static void Check(object? item, string at, bool allowsNull, JsonNamingPolicy? names, IDictionary<string, string[]> errors)
    {
        if (item is null)
        {
            if (!allowsNull && errors.Count < MaxReported)
            {
                errors[at] = ["A value is required here, not null."];
            }

            return;
        }

        Find(item, at, names, errors);
    }

    private static bool IsContract(Type type) => type.Namespace == typeof(Client.SendNotification).Namespace && !type.IsEnum;

    private static ContractProperty[] Describe(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.PropertyType != typeof(string) && !p.PropertyType.IsValueType)
            .Select(p =>
            {
                var info = nullability.Create(p);
                // A list's items, or a map's values: the last type argument, or an array's element.
                var element = info.ElementType ?? (info.GenericTypeArguments.Length > 0 ? info.GenericTypeArguments[^1] : null);
                return new ContractProperty(p, element is null || element.ReadState != NullabilityState.NotNull);
            })
            .ToArray();
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private sealed record ContractProperty(PropertyInfo Info, bool ElementAllowsNull);
}
