using Notifications.Runtime;

namespace Notifications.Grains;

/// <summary>The channel worker grain of a channel is of type <c>channel-{name}</c>.</summary>
public static class ChannelGrainId
{
    public static GrainId For(string channel) => new($"channel-{channel}", "0");
}
