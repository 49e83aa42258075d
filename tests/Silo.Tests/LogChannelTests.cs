using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Testing;

namespace Notifications.Silo.Tests;

public sealed class LogChannelTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task The_log_channel_writes_a_message_only_when_told_to_and_then_on_one_line(string? showMessages, bool shown)
    {
        var lines = new ConcurrentQueue<string>();
        await using var silo = new SiloFactory(showMessages is null ? null : new() { ["Notifications:LogChannel:ShowMessages"] = showMessages });
        using var logged = silo.WithWebHostBuilder(host => host.ConfigureLogging(logging => logging.AddProvider(new CapturingProvider(lines))));
        using var http = logged.CreateClient();

        var id = await http.SendNotificationAsync(new { user_id = "otp", message = "Your code is 482913\ninfo: forged line", channel = "log" });
        await http.WaitForStatusAsync(id, "delivered");

        var line = Assert.Single(lines, l => l.Contains(id, StringComparison.Ordinal));
        Assert.Equal(shown, line.Contains("482913", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line);
        if (shown)
        {
            Assert.Contains("482913\\ninfo: forged line", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("a message of 37 characters", line, StringComparison.Ordinal);
        }
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category.EndsWith("LogChannelGrain", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
