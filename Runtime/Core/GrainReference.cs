using System.Collections.Concurrent;
using System.Reflection;

namespace Notifications.Runtime;

/// <summary>
/// The proxy behind every grain interface a caller holds. A call becomes a turn on the grain's activation; the
/// caller awaits the result as it would a local method.
/// </summary>
public class GrainReference : DispatchProxy
{
    // DispatchProxy.Create costs a load-context lookup per call; a clone of one proxy per interface does not.
    private static readonly ConcurrentDictionary<Type, GrainReference> Templates = new();

    private GrainRuntime _runtime = null!;

    public GrainId GrainId { get; private set; }

    internal static TGrainInterface Create<TGrainInterface>(GrainRuntime runtime, GrainId grainId)
        where TGrainInterface : IGrain
    {
        var template = Templates.GetOrAdd(typeof(TGrainInterface), static _ => (GrainReference)(object)Create<TGrainInterface, GrainReference>()!);
        var reference = (GrainReference)template.MemberwiseClone();
        reference._runtime = runtime;
        reference.GrainId = grainId;
        return (TGrainInterface)(object)reference;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return MethodPlan.For(targetMethod).Dispatch(_runtime, GrainId, args);
    }

    public override string ToString() => GrainId.ToString();
}
