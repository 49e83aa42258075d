namespace Notifications.Grains;

/// <summary>
/// Grain references for the hot paths. Orleans' <c>GetGrain&lt;T&gt;(key)</c> resolves the interface's type and the grain
/// type that implements it on every call, reading the interface's attributes (5 % of the silo's CPU in a profile of a
/// send to a topic, a reference per recipient); here both are resolved once per interface and each reference is made
/// straight from its grain id.
/// </summary>
public static class GrainReferences
{
    public static T Get<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        var types = Resolved<T>.Types ??= Resolve<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    /// <summary>A reference to the grain <paramref name="grainId"/> names (its type chosen by the caller, as for channel workers).</summary>
    public static T Get<T>(this IGrainFactory grains, GrainId grainId) where T : IAddressable
    {
        var interfaceType = Resolved<T>.Interface ??= new(((GrainReference)(object)grains.GetGrain<T>(grainId)).InterfaceType);
        return (T)grains.GetGrain(grainId, interfaceType.Value);
    }

    private static ResolvedTypes Resolve<T>(IGrainFactory grains) where T : IGrainWithStringKey
    {
        var sample = (GrainReference)(object)grains.GetGrain<T>("_");
        return new ResolvedTypes(sample.GrainId.Type, sample.InterfaceType);
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    /// <summary>The same for every silo and client: both come from the interface and the grain classes alone.</summary>
    private static class Resolved<T>
    {
        public static ResolvedTypes? Types;

        public static System.Runtime.CompilerServices.StrongBox<GrainInterfaceType>? Interface;
    }
}
