using System.Reflection;

namespace Notifications.Runtime;

/// <summary>Maps grain interfaces and type names to grain classes.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainClassInfo?> _byInterface = new();
    private readonly Dictionary<string, GrainClassInfo> _byTypeName = new(StringComparer.Ordinal);

    public GrainTypeRegistry(IEnumerable<Assembly> assemblies)
    {
        foreach (var grainClass in assemblies.Distinct().SelectMany(a => a.GetTypes())
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)))
        {
            var info = new GrainClassInfo(grainClass);
            if (!_byTypeName.TryAdd(info.TypeName, info))
            {
                throw new InvalidOperationException($"Grain type name '{info.TypeName}' is used by {grainClass.Name} and {_byTypeName[info.TypeName].GrainClass.Name}.");
            }

            foreach (var grainInterface in grainClass.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && i != typeof(IGrain)
                         && i != typeof(IGrainWithStringKey) && i != typeof(IGrainWithGuidKey) && i != typeof(IGrainWithIntegerKey) && i != typeof(IRemindable)))
            {
                // An interface several classes implement is reached only through a grain id that names the class.
                if (!_byInterface.TryAdd(grainInterface, info))
                {
                    _byInterface[grainInterface] = null;
                }
            }
        }
    }

    public IEnumerable<GrainClassInfo> Classes => _byTypeName.Values;

    public GrainClassInfo ForInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var info)
            ? info ?? throw new InvalidOperationException($"Several grain classes implement {grainInterface.Name}; get it by a GrainId that names the grain type.")
            : throw new InvalidOperationException($"No grain class implements {grainInterface.Name}; was its assembly added to the runtime?");

    public GrainClassInfo ForTypeName(string typeName) =>
        _byTypeName.TryGetValue(typeName, out var info)
            ? info
            : throw new InvalidOperationException($"Unknown grain type '{typeName}'.");
}
