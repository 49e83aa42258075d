using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class GrainReferencesTests
{
    [Fact]
    public async Task A_reference_made_from_the_cached_types_is_the_one_Orleans_makes_and_reaches_the_same_grain()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var key = UserKey.For("t", "ana_1");
        await silo.Client.GetGrain<IUserGrain>(key).UpdateAsync(new UserUpdate(Email: "ana@example.org"));

        // Twice: the first resolves the types, the second uses what it kept; a channel worker by its grain id as well.
        var first = silo.Client.Get<IUserGrain>(key);
        var second = silo.Client.Get<IUserGrain>(key);
        var orleans = silo.Client.GetGrain<IUserGrain>(key);
        var channel = silo.Client.Get<IChannelGrain>(ChannelGrainId.For(ChannelNames.Webhook));

        Assert.Equal(((GrainReference)(object)orleans).GrainId, ((GrainReference)(object)second).GrainId);
        Assert.Equal(((GrainReference)(object)orleans).InterfaceType, ((GrainReference)(object)second).InterfaceType);
        Assert.Equal(((GrainReference)(object)orleans).GrainId, ((GrainReference)(object)first).GrainId);
        Assert.Equal(((GrainReference)(object)silo.Client.GetGrain<IChannelGrain>(ChannelGrainId.For(ChannelNames.Webhook))).InterfaceType, ((GrainReference)(object)channel).InterfaceType);
        Assert.Equal("ana@example.org", (await second.GetAsync()).Email);
    }
}
