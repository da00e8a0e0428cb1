using System.Globalization;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// CPU time and memory of a process from /proc/PID/stat (utime + stime, in clock ticks) and /proc/PID/status
/// (VmRSS), so a phase's CPU use is the difference of two readings.
/// </summary>
internal sealed class ProcessMeter
{
    // USER_HZ is 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)); the kernel ABI fixes it for /proc.
    private const double TicksPerSecond = 100;
    private readonly int _pid;

    public ProcessMeter(int pid) => _pid = pid;

    public readonly record struct Reading(DateTime At, double CpuSeconds, long RssBytes, int Threads);

    public Reading Read()
    {
        var stat = File.ReadAllText($"/proc/{_pid}/stat");
        // The command name (field 2) may hold spaces; the fields after it start past the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
            }
        }
        return new Reading(DateTime.UtcNow, ticks / TicksPerSecond, rss, threads);
    }

    /// <summary>Average CPU use between two readings, in cores (1.0 = one core busy the whole time).</summary>
    public static double Cores(Reading from, Reading to) => (to.CpuSeconds - from.CpuSeconds) / Math.Max(1e-9, (to.At - from.At).TotalSeconds);

    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
