namespace Notifications.Grains;

/// <summary>The channel worker grain of a channel is of type <c>channel-{name}</c>.</summary>
public static class ChannelGrainId
{
    public static GrainId For(string channel) => GrainId.Create($"channel-{channel}", "0");
}
