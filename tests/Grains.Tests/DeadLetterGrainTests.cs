namespace Notifications.Grains.Tests;

public sealed class DeadLetterGrainTests
{
    [Fact]
    public async Task The_index_keeps_the_latest_dead_letters_and_lets_the_oldest_go()
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var index = silo.Client.GetGrain<IDeadLetterGrain>("flooded");
        var at = DateTimeOffset.UtcNow;

        for (var i = 0; i < DeadLetterGrain.MaxKept + 5; i++)
        {
            await index.AddAsync(new DeadLetter($"n{i}", "user", Priority.Normal, "sms", 3, "Gave up after 3 attempts.", at));
        }

        var first = await index.ListAsync(null, 1);
        Assert.Equal(DeadLetterGrain.MaxKept, first.Total);
        Assert.Equal("n5", Assert.Single(first.Items).NotificationId);
    }
}
