using System.Diagnostics;
using System.Net.Sockets;

namespace Notifications.Testing;

public static class ServerProcess
{
    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/>, drains its output, and waits until it accepts connections on <paramref name="port"/>.</summary>
    public static async Task<Process> StartListeningAsync(string program, IEnumerable<string> arguments, int port)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start; ./test.sh installs it.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, $"{program} to listen on port {port}");
        return process;
    }
}
