using System.Diagnostics;
using System.Globalization;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// Counts the Docker execs started in an instance's containers during a phase, by command, from the engine's event
/// stream (<c>docker events --filter event=exec_start</c>). Each exec is a runc process tree on the host, so this
/// names what asked for the short-lived processes a CPU profile shows.
/// </summary>
internal sealed class ExecCensus
{
    private readonly Process _events;
    private readonly Task _reading;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ExecCensus(Process events)
    {
        _events = events;
        _reading = Task.Run(ReadAsync);
    }

    public static ExecCensus Start(string instance)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "events", "--filter", $"label=netacademy.instance={instance}", "--filter", "event=exec_start", "--format", "{{.Action}}" })
        {
            info.ArgumentList.Add(arg);
        }
        var events = Process.Start(info) ?? throw new InvalidOperationException("docker events did not start.");
        events.StandardError.ReadToEndAsync();
        return new ExecCensus(events);
    }

    private async Task ReadAsync()
    {
        while (await _events.StandardOutput.ReadLineAsync() is { } line)
        {
            var command = line.StartsWith("exec_start: ", StringComparison.Ordinal) ? line[12..] : line;
            // Scripts differ in their arguments; the first words say what the exec is for.
            var key = string.Join(' ', command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4));
            key = key.Length > 60 ? key[..60] + "…" : key;
            lock (_counts)
            {
                _counts[key] = _counts.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>Stops counting; returns "N execs (R/s): command ×n, ..." for the <paramref name="top"/> commands.</summary>
    public async Task<string> StopAsync(int top)
    {
        // Events are delivered as they happen; a short grace lets the last ones of the phase arrive.
        await Task.Delay(300);
        var seconds = _clock.Elapsed.TotalSeconds;
        _events.Kill();
        await _reading.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _events.Dispose();
        lock (_counts)
        {
            var total = _counts.Values.Sum();
            var rows = _counts.OrderByDescending(c => c.Value).Take(top).Select(c => $"`{c.Key}` ×{c.Value}");
            return $"{total} execs ({(total / seconds).ToString("0.0", CultureInfo.InvariantCulture)}/s): {string.Join(", ", rows)}";
        }
    }
}
