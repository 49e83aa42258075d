using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Notifications.Grains.Tests;

/// <summary>
/// Makes an instance of a stored or sent type with every member set to a value other than its default, so that a
/// member renamed or dropped in a later build shows when the instance written now is read back then.
/// </summary>
internal static class SampleValues
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 30, 15, 123, TimeSpan.Zero);

    public static object? Make(Type type, int depth = 0)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Make(underlying, depth);
        }

        if (type == typeof(string)) return "sample";
        if (type == typeof(bool)) return true;
        if (type == typeof(int)) return 7;
        if (type == typeof(long)) return 7L;
        if (type == typeof(uint)) return 7u;
        if (type == typeof(short)) return (short)7;
        if (type == typeof(byte)) return (byte)7;
        if (type == typeof(double)) return 1.5;
        if (type == typeof(decimal)) return 1.5m;
        if (type == typeof(Guid)) return new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        if (type == typeof(DateTimeOffset)) return At;
        if (type == typeof(DateTime)) return At.UtcDateTime;
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(90);
        if (type == typeof(byte[])) return new byte[] { 1, 2, 3 };
        if (type == typeof(JsonElement)) return JsonDocument.Parse("{\"plan\":\"pro\",\"seats\":3}").RootElement.Clone();
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1);
        }

        if (depth > 5 || type == typeof(object) || type.IsAbstract && !type.IsInterface)
        {
            return null;
        }

        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(Make(type.GetElementType()!, depth + 1), 0);
            return array;
        }

        if (type.IsGenericType && DictionaryTypes(type) is { } dictionary)
        {
            var instance = (IDictionary)Activator.CreateInstance(dictionary.Concrete)!;
            instance[Make(dictionary.Key, depth + 1)!] = Make(dictionary.Value, depth + 1);
            return instance;
        }

        if (type.IsGenericType && ListTypes(type) is { } list)
        {
            var instance = Activator.CreateInstance(list.Concrete)!;
            list.Concrete.GetMethod("Add")!.Invoke(instance, [Make(list.Item, depth + 1)]);
            return instance;
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null)
        {
            return null;
        }

        var made = constructor.Invoke(constructor.GetParameters().Select(p => Make(p.ParameterType, depth + 1)).ToArray());
        if (constructor.GetParameters().Length == 0)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            {
                property.SetValue(made, Make(property.PropertyType, depth + 1));
            }
        }

        return made;
    }

    private static (Type Concrete, Type Key, Type Value)? DictionaryTypes(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Dictionary<,>) && definition != typeof(IDictionary<,>) && definition != typeof(IReadOnlyDictionary<,>))
        {
            return null;
        }

        var arguments = type.GetGenericArguments();
        return (typeof(Dictionary<,>).MakeGenericType(arguments), arguments[0], arguments[1]);
    }

    private static (Type Concrete, Type Item)? ListTypes(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        var item = type.GetGenericArguments()[0];
        if (definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>))
        {
            return (typeof(HashSet<>).MakeGenericType(item), item);
        }

        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>) || definition == typeof(IEnumerable<>)
            ? (typeof(List<>).MakeGenericType(item), item)
            : null;
    }
}
