using System.Reflection;

namespace Notifications.Runtime;

/// <summary>
/// The proxy behind every grain interface a caller holds. A call becomes a turn on the grain's activation; the
/// caller awaits the result as it would a local method.
/// </summary>
public class GrainReference : DispatchProxy
{
    private GrainRuntime _runtime = null!;

    public GrainId GrainId { get; private set; }

    internal static TGrainInterface Create<TGrainInterface>(GrainRuntime runtime, GrainId grainId)
        where TGrainInterface : IGrain
    {
        var proxy = Create<TGrainInterface, GrainReference>();
        var reference = (GrainReference)(object)proxy;
        reference._runtime = runtime;
        reference.GrainId = grainId;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return MethodPlan.For(targetMethod).Dispatch(_runtime, GrainId, args);
    }

    public override string ToString() => GrainId.ToString();
}
