using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Runtime;

/// <summary>What the runtime knows of one grain class: its type name, call semantics and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    private readonly ConstructorInfo _constructor;
    private readonly ParameterInfo[] _parameters;
    private static readonly MethodInfo CreateStateOfT = typeof(GrainClassInfo).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly (PersistentStateAttribute Attribute, StateFactory Create)?[] _states;

    public GrainClassInfo(Type grainClass)
    {
        GrainClass = grainClass;
        TypeName = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultTypeName(grainClass);
        Reentrant = grainClass.IsDefined(typeof(ReentrantAttribute));
        StatelessWorker = grainClass.GetCustomAttribute<StatelessWorkerAttribute>();
        CollectionAge = grainClass.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Age;
        ImplicitStreamNamespaces = grainClass.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().Select(a => a.Namespace).ToArray();

        var constructors = grainClass.GetConstructors();
        if (constructors.Length != 1)
        {
            throw new InvalidOperationException($"Grain class {grainClass.Name} must have exactly one public constructor.");
        }

        _constructor = constructors[0];
        _parameters = _constructor.GetParameters();
        _states = _parameters.Select(StatePlan).ToArray();
    }

    public Type GrainClass { get; }

    public string TypeName { get; }

    public bool Reentrant { get; }

    public StatelessWorkerAttribute? StatelessWorker { get; }

    public TimeSpan? CollectionAge { get; }

    public IReadOnlyList<string> ImplicitStreamNamespaces { get; }

    /// <summary>Builds the grain, injecting services and one persistent state per <see cref="PersistentStateAttribute"/>.</summary>
    public Grain Create(IServiceProvider services, GrainActivation activation, List<IPersistentStateLoader> states)
    {
        var arguments = new object?[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_states[i] is var (stateAttribute, createState))
            {
                var state = createState(
                    activation.Runtime.Storage,
                    new GrainStateKey(activation.GrainId, stateAttribute.StateName, activation.Partition),
                    activation.Runtime.StateSerializer,
                    activation.Runtime.StateProtector);
                states.Add(state);
                arguments[i] = state;
            }
            else
            {
                arguments[i] = services.GetRequiredService(_parameters[i].ParameterType);
            }
        }

        var grain = (Grain)_constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        grain.Activation = activation;
        return grain;
    }

    /// <summary>A state's constructor bound once per grain class: one per activation through reflection cost a few percent of the silo.</summary>
    private (PersistentStateAttribute, StateFactory)? StatePlan(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is not { } attribute)
        {
            return null;
        }

        return parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == typeof(IPersistentState<>)
            ? (attribute, CreateStateOfT.MakeGenericMethod(parameter.ParameterType.GenericTypeArguments[0]).CreateDelegate<StateFactory>())
            : throw new InvalidOperationException($"{GrainClass.Name}: [PersistentState] goes on an IPersistentState<T> parameter.");
    }

    private static IPersistentStateLoader CreateState<TState>(IGrainStorage storage, GrainStateKey key, IGrainStateSerializer serializer, IGrainStateProtector protector)
        where TState : new() =>
        new PersistentState<TState>(storage, key, serializer, protector);

    private delegate IPersistentStateLoader StateFactory(IGrainStorage storage, GrainStateKey key, IGrainStateSerializer serializer, IGrainStateProtector protector);

    private static string DefaultTypeName(Type grainClass)
    {
        var name = grainClass.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}
