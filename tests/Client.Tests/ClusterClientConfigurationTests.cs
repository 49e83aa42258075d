using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Notifications.Client.Tests;

/// <summary>What the client's stream settings take: the silos' own, so a service given their environment follows inboxes as they publish them.</summary>
public sealed class ClusterClientConfigurationTests
{
    [Theory]
    [InlineData("eventhubs", null, ":EventHub")]
    [InlineData("azurequeue", null, "ConnectionString")]
    [InlineData("kafka", null, "must be 'memory', 'azurequeue' or 'eventhubs'")]
    public void An_incomplete_or_unknown_stream_configuration_is_refused_naming_what_is_missing(string provider, string? connectionString, string named)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Streams:Provider"] = provider,
            ["Notifications:Streams:ConnectionString"] = connectionString,
        });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.Services.AddNotificationsClusterClient(builder.Configuration));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_of_silos_on_event_hubs_subscribes_to_inboxes_through_an_event_hubs_stream_provider()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Streams:Provider"] = "eventhubs",
            ["Notifications:Streams:ConnectionString"] = "Endpoint=sb://notifications.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0",
            ["Notifications:Streams:EventHub"] = "inbox",
        });

        builder.Services.AddNotificationsClusterClient(builder.Configuration);
        using var host = builder.Build();
        var adapter = host.Services.GetRequiredKeyedService<Orleans.Streams.IQueueAdapterFactory>(Notifications.Grains.InboxStreams.Provider);

        Assert.Equal("EventHubAdapterFactory", adapter.GetType().Name);
    }
}
