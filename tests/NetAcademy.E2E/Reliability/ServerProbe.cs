using System.Diagnostics;
using System.Globalization;
using NetAcademy.E2E.Infrastructure;

namespace NetAcademy.E2E.Reliability;

/// <summary>
/// Looks at a running server from outside: its resident memory (from /proc, found by the server's unique
/// lab instance name in its environment) and how long /healthz takes to answer.
/// </summary>
internal sealed class ServerProbe : IDisposable
{
    private readonly ServerProcess _server;
    private readonly int _pid;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ServerProbe(ServerProcess server)
    {
        _server = server;
        _pid = FindPid(server.Instance);
    }

    /// <summary>The server's resident set size in MiB.</summary>
    public double ResidentMiB()
    {
        var line = File.ReadLines($"/proc/{_pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The time one GET /healthz takes; fails unless it answers 200.</summary>
    public async Task<TimeSpan> HealthLatencyAsync()
    {
        var clock = Stopwatch.StartNew();
        using var response = await _http.GetAsync(new Uri(_server.BaseAddress, "healthz"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return clock.Elapsed;
    }

    /// <summary>Samples /healthz latency and memory until <paramref name="stop"/> fires; returns the worst of each.</summary>
    public async Task<(TimeSpan WorstLatency, double PeakMiB)> WatchAsync(CancellationToken stop)
    {
        var worst = TimeSpan.Zero;
        var peak = 0.0;
        while (!stop.IsCancellationRequested)
        {
            var latency = await HealthLatencyAsync();
            worst = latency > worst ? latency : worst;
            peak = Math.Max(peak, ResidentMiB());
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return (worst, peak);
    }

    private static int FindPid(string instance)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                if (environ.Split('\0').Contains($"Labs__Instance={instance}"))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException($"No process runs with Labs__Instance={instance}.");
    }

    public void Dispose() => _http.Dispose();
}
