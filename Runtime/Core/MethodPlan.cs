using System.Collections.Concurrent;
using System.Reflection;

namespace Notifications.Runtime;

/// <summary>How to dispatch one grain interface method: its call semantics and a typed entry into the runtime.</summary>
internal sealed class MethodPlan
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodPlan> Plans = new();
    private static readonly MethodInfo DispatchTaskOfT = typeof(MethodPlan).GetMethod(nameof(DispatchTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo DispatchValueTaskOfT = typeof(MethodPlan).GetMethod(nameof(DispatchValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    private MethodPlan(MethodInfo method)
    {
        Method = method;
        OneWay = method.IsDefined(typeof(OneWayAttribute));
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute));
        ReadOnly = method.IsDefined(typeof(ReadOnlyAttribute));
        ResponseTimeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout;

        var returnType = method.ReturnType;
        Dispatch = returnType switch
        {
            _ when returnType == typeof(Task) => (runtime, id, args) => runtime.InvokeAsync<object?>(id, this, args),
            _ when returnType == typeof(ValueTask) => (runtime, id, args) => new ValueTask(runtime.InvokeAsync<object?>(id, this, args)),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(Task<>) =>
                DispatchTaskOfT.MakeGenericMethod(returnType.GenericTypeArguments[0]).CreateDelegate<Func<GrainRuntime, GrainId, object?[]?, object>>(this),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) =>
                DispatchValueTaskOfT.MakeGenericMethod(returnType.GenericTypeArguments[0]).CreateDelegate<Func<GrainRuntime, GrainId, object?[]?, object>>(this),
            _ => throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>."),
        };

        if (OneWay && returnType != typeof(Task) && returnType != typeof(ValueTask))
        {
            throw new NotSupportedException($"One-way method {method.DeclaringType?.Name}.{method.Name} must return Task or ValueTask.");
        }
    }

    public MethodInfo Method { get; }

    public bool OneWay { get; }

    public bool AlwaysInterleave { get; }

    public bool ReadOnly { get; }

    /// <summary>The method's own response timeout, or null for the runtime's.</summary>
    public TimeSpan? ResponseTimeout { get; }

    /// <summary>Returns the Task or ValueTask the caller awaits.</summary>
    public Func<GrainRuntime, GrainId, object?[]?, object> Dispatch { get; }

    public static MethodPlan For(MethodInfo method) => Plans.GetOrAdd(method, static m => new MethodPlan(m));

    /// <summary>Calls the method on the grain instance inside its turn, with the method's own exceptions unwrapped.</summary>
    public async Task<TResult> InvokeOnGrainAsync<TResult>(Grain grain, object?[]? args)
    {
        var result = Method.Invoke(grain, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
        switch (result)
        {
            case Task<TResult> typed:
                return await typed.ConfigureAwait(true);
            case Task untyped:
                await untyped.ConfigureAwait(true);
                return default!;
            case ValueTask<TResult> typedValue:
                return await typedValue.ConfigureAwait(true);
            case ValueTask untypedValue:
                await untypedValue.ConfigureAwait(true);
                return default!;
            default:
                throw new InvalidOperationException($"{Method.Name} returned no task.");
        }
    }

    private static object DispatchTask<TResult>(MethodPlan plan, GrainRuntime runtime, GrainId id, object?[]? args) =>
        runtime.InvokeAsync<TResult>(id, plan, args);

    private static object DispatchValueTask<TResult>(MethodPlan plan, GrainRuntime runtime, GrainId id, object?[]? args) =>
        new ValueTask<TResult>(runtime.InvokeAsync<TResult>(id, plan, args));
}
