using System.Diagnostics;
using System.Globalization;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>The machine a run happened on, written at the top of every report section.</summary>
internal static class MachineInfo
{
    public static async Task<string> DescribeAsync(CancellationToken ct)
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var memoryKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))[9..].Trim().Split(' ')[0];
        var memory = (long.Parse(memoryKb, CultureInfo.InvariantCulture) / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        var docker = (await Cli.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], ct)).Stdout.Trim();
        docker = docker.Length > 0 ? docker : "(engine not reachable at start)";
        return $"{Environment.ProcessorCount} CPU ({model}), {memory} RAM, kernel {kernel}, Docker {docker}, .NET {Environment.Version}; " +
            $"load average at start {string.Join(' ', load)}; {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
    }

    /// <summary>The 1, 5 and 15-minute load averages now (the machine is shared, so this says how quiet it was).</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    public static bool HasCommand(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));

    /// <summary>Git commit of the tree measured, so a figure can be traced back ("?" outside a git work tree).</summary>
    public static async Task<string> CommitAsync(CancellationToken ct)
    {
        var result = await Cli.RunAsync("git", ["-C", RepositoryPaths.Root, "rev-parse", "--short", "HEAD"], ct);
        return result.ExitCode == 0 ? result.Stdout.Trim() : "?";
    }

    /// <summary>Time since the process started, for progress lines.</summary>
    public static string Uptime()
    {
        using var self = Process.GetCurrentProcess();
        return (DateTime.Now - self.StartTime).ToString(@"mm\:ss", CultureInfo.InvariantCulture);
    }
}
