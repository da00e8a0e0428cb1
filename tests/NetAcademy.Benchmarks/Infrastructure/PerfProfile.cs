using System.Diagnostics;
using System.Globalization;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// A machine-wide CPU profile by command name (<c>perf record -a -F 99</c>, then <c>perf report --sort comm</c>),
/// for the phases where /proc readings cannot see who used the CPU: processes that start and end within the phase
/// (runc, iptables, setup scripts). Samples every process on the machine, other work included. Absent when perf is
/// not installed or not permitted.
/// </summary>
internal sealed class PerfProfile
{
    private readonly Process _perf;
    private readonly string _path;

    private PerfProfile(Process perf, string path)
    {
        _perf = perf;
        _path = path;
    }

    public static PerfProfile? Start()
    {
        if (!MachineInfo.HasCommand("perf"))
        {
            return null;
        }
        var path = Path.Combine(Path.GetTempPath(), $"netacademy-bench-{Guid.NewGuid():n}.perf");
        var info = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "record", "-q", "-a", "-F", "99", "-o", path })
        {
            info.ArgumentList.Add(arg);
        }
        var perf = Process.Start(info);
        if (perf is null)
        {
            return null;
        }
        perf.StandardOutput.ReadToEndAsync();
        perf.StandardError.ReadToEndAsync();
        return new PerfProfile(perf, path);
    }

    /// <summary>Stops the recording (fast: the report is made later by <see cref="ReportAsync"/>, off the measured phase).</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        using (var kill = Process.Start("kill", ["-INT", _perf.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await _perf.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _perf.Kill();
        }
    }

    /// <summary>The <paramref name="top"/> commands by share of samples, or null when perf wrote nothing; deletes the recording.</summary>
    public async Task<string?> ReportAsync(int top, CancellationToken ct)
    {
        try
        {
            if (!File.Exists(_path))
            {
                return null;
            }
            var report = await Cli.RunAsync("perf", ["report", "-i", _path, "--sort", "comm", "--stdio", "-q"], ct);
            var rows = report.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.Split("%", 2))
                .Where(p => p.Length == 2 && double.TryParse(p[0], CultureInfo.InvariantCulture, out _))
                .Take(top)
                .Select(p => $"{p[1].Trim()} {p[0]} %");
            return string.Join(", ", rows);
        }
        finally
        {
            _perf.Dispose();
            File.Delete(_path);
        }
    }
}
