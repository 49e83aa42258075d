namespace Notifications.Runtime;

/// <summary>The activation whose turn the current code runs in, if any.</summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<GrainActivation?> CurrentActivation = new();

    public static GrainActivation? Current
    {
        get => CurrentActivation.Value;
        set => CurrentActivation.Value = value;
    }
}
