using Notifications.Testing;

namespace Notifications.Silo.Tests;

/// <summary>What the stream provider's configuration takes; Event Hubs itself cannot run here (no endpoint, no emulator).</summary>
public sealed class StreamConfigurationTests
{
    [Theory]
    [InlineData("eventhubs", ":EventHub")]
    [InlineData("azurequeue", "ConnectionString")]
    [InlineData("kafka", "must be 'memory', 'azurequeue' or 'eventhubs'")]
    public async Task An_incomplete_or_unknown_stream_configuration_is_refused_at_start_naming_what_is_missing(string provider, string named)
    {
        await using var silo = new SiloFactory(new() { ["Notifications:Streams:Provider"] = provider });

        var refused = Assert.Throws<InvalidOperationException>(() => { silo.CreateClient(); });

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }
}
