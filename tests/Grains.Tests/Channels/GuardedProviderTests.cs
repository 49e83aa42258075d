using Notifications.Testing;

namespace Notifications.Grains.Tests;

public sealed class GuardedProviderTests
{
    [Fact]
    public async Task A_break_another_silo_opened_holds_sends_back_at_least_a_second_and_not_after_it_ended()
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        // The circuit grain keeps the silo's clock: a break of five real seconds, seen from a clock the test moves.
        await silo.Client.GetGrain<IProviderCircuitGrain>("sms/primary").BreakerOpenedAsync("another-silo", DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));
        var provider = new CountingProvider();
        await using var guarded = Guard(provider, new ClusterShare(), silo, time);

        var heldBack = await guarded.SendAsync(Sms("first"), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4.5));
        var heldBackNearTheEnd = await guarded.SendAsync(Sms("second"), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1.5));
        // Read again a second later, the grain (on its own clock) still says five seconds from the start: that is past.
        var afterTheBreak = await guarded.SendAsync(Sms("third"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, heldBack.Outcome);
        Assert.InRange(heldBack.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));
        Assert.Equal((DeliveryOutcome.Transient, TimeSpan.FromSeconds(1)), (heldBackNearTheEnd.Outcome, heldBackNearTheEnd.RetryAfter!.Value));
        Assert.Equal(DeliveryOutcome.Delivered, afterTheBreak.Outcome);
        Assert.Equal(["third"], provider.Sent);
    }

    [Fact]
    public async Task A_breaker_that_closes_on_one_silo_leaves_the_break_another_silos_breaker_opened()
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var circuit = silo.Client.GetGrain<IProviderCircuitGrain>("email/sendgrid");
        var now = DateTimeOffset.UtcNow;

        await circuit.BreakerOpenedAsync("silo-a", now + TimeSpan.FromMinutes(1));
        await circuit.BreakerOpenedAsync("silo-b", now + TimeSpan.FromSeconds(30));
        await circuit.BreakerClosedAsync("silo-b");
        var whileAIsOpen = await circuit.OpenUntilAsync();
        await circuit.BreakerClosedAsync("silo-a");
        var afterBothClosed = await circuit.OpenUntilAsync();

        Assert.Equal(now + TimeSpan.FromMinutes(1), whileAIsOpen);
        Assert.Null(afterBothClosed);
    }

    [Fact]
    public async Task Limits_retired_when_the_cluster_changes_are_let_go_once_their_sends_finish()
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var share = new ClusterShare();
        var provider = new CountingProvider();
        await using var guarded = Guard(provider, share, silo, TimeProvider.System, new ProviderSettings { RatePerSecond = 1000, MaxConcurrency = 4 });

        share.Update(rank: 0, silos: 2);
        var idleRetiredKept = guarded.RetiredLimits;
        var release = new TaskCompletionSource();
        provider.Holding = release.Task;
        var inFlight = guarded.SendAsync(Sms("held"), CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(provider.Started == 1), "the send to start");
        share.Update(rank: 0, silos: 3);
        var busyRetiredKept = guarded.RetiredLimits;
        release.SetResult();
        var result = await inFlight;

        Assert.Equal(0, idleRetiredKept);
        Assert.Equal(1, busyRetiredKept);
        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(0, guarded.RetiredLimits);
    }

    [Theory]
    [InlineData(DeliveryOutcome.PermanentConfiguration, false, false, false)]
    [InlineData(DeliveryOutcome.PermanentRecipient, false, false, false)]
    [InlineData(DeliveryOutcome.RateLimited, false, false, false)]
    [InlineData(DeliveryOutcome.Transient, true, true, false)]
    [InlineData(DeliveryOutcome.PermanentConfiguration, true, true, false)]
    [InlineData(DeliveryOutcome.Transient, true, false, true)]
    public async Task Only_failures_of_the_provider_itself_open_its_circuit(DeliveryOutcome outcome, bool providerFault, bool opens, bool recipientEndpoints)
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var provider = new CountingProvider
        {
            Answer = new DeliveryResult(outcome, "refused", ProviderFault: providerFault),
            SendsToRecipientEndpoints = recipientEndpoints,
        };
        var settings = new ProviderSettings();
        settings.CircuitBreaker.MinimumThroughput = 5;
        await using var guarded = Guard(provider, new ClusterShare(), silo, TimeProvider.System, settings);

        // A recipient who answers 403 to every send, or a blocked number, sent to again and again.
        for (var i = 0; i < 20; i++)
        {
            await guarded.SendAsync(Sms($"m{i}"), CancellationToken.None);
        }

        Assert.Equal(opens ? 5 : 20, provider.Started);
    }

    [Fact]
    public async Task A_configuration_error_is_kept_for_operators_without_the_recipients_address()
    {
        await using var silo = await GrainsSilo.StartAsync(silos: 1);
        var health = new ProviderHealth(TimeProvider.System);
        var provider = new CountingProvider { Answer = new DeliveryResult(DeliveryOutcome.PermanentConfiguration, "The number +15550001234 is not a verified caller id of this account") };
        await using var guarded = Guard(provider, new ClusterShare(), silo, TimeProvider.System, health: health);

        var result = await guarded.SendAsync(Sms("hello"), CancellationToken.None);

        Assert.Contains("+15550001234", result.Reason, StringComparison.Ordinal);
        Assert.Equal("The number [recipient] is not a verified caller id of this account", health.Snapshot().Single().ConfigurationError);
    }

    private static GuardedProvider<SmsMessage> Guard(CountingProvider provider, ClusterShare share, GrainsSilo silo, TimeProvider time, ProviderSettings? settings = null, ProviderHealth? health = null) =>
        new("sms", provider, settings ?? new ProviderSettings(), health ?? new ProviderHealth(time), share, silo.Client, time);

    private static SmsMessage Sms(string body) => new("n-1", "+15550001234", body);

    private sealed class CountingProvider : IDeliveryProvider<SmsMessage>
    {
        private int _started;

        public string Name => "primary";

        public List<string> Sent { get; } = [];

        public Task Holding { get; set; } = Task.CompletedTask;

        public DeliveryResult Answer { get; init; } = new(DeliveryOutcome.Delivered);

        public bool SendsToRecipientEndpoints { get; init; }

        public int Started => Volatile.Read(ref _started);

        public async Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            await Holding;
            lock (Sent)
            {
                Sent.Add(message.Body);
            }

            return Answer;
        }
    }
}
