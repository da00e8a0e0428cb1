using System.Globalization;

namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>
/// Where the machine's CPU went during a phase: the whole machine (/proc/stat) and named processes (the server,
/// dockerd, containerd, this benchmark), so a slow phase can be pinned on one of them from the readings alone.
/// </summary>
internal sealed class SystemMeter
{
    private readonly List<(string Name, ProcessMeter Meter)> _processes = [];

    public SystemMeter(IEnumerable<(string Name, int Pid)> processes)
    {
        foreach (var (name, pid) in processes)
        {
            _processes.Add((name, new ProcessMeter(pid)));
        }
    }

    /// <summary>The server, this process, and dockerd and containerd when they run on this host.</summary>
    public static SystemMeter ForServer(int serverPid)
    {
        var list = new List<(string, int)> { ("server", serverPid), ("benchmark", Environment.ProcessId) };
        foreach (var daemon in new[] { "dockerd", "containerd" })
        {
            if (FindPid(daemon) is { } pid)
            {
                list.Add((daemon, pid));
            }
        }
        return new SystemMeter(list);
    }

    public sealed record Snapshot(DateTime At, double MachineBusySeconds, double MachineSystemSeconds, IReadOnlyDictionary<string, ProcessMeter.Reading> Processes,
        long MemAvailableBytes, IReadOnlyDictionary<int, (string Comm, long Ticks)> All);

    public Snapshot Read()
    {
        var readings = _processes.ToDictionary(p => p.Name, p => p.Meter.Read());
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
        var busy = cpu.Take(8).Sum() - cpu[3] - cpu[4];
        var available = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        var availableKb = long.Parse(available[13..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return new Snapshot(DateTime.UtcNow, busy / 100.0, (cpu[2] + cpu[5] + cpu[6]) / 100.0, readings, availableKb * 1024, AllProcesses());
    }

    /// <summary>"machine 1.85, server 0.62, dockerd 0.40, ..." cores busy on average between two snapshots.</summary>
    public static string Describe(Snapshot from, Snapshot to)
    {
        var seconds = Math.Max(1e-9, (to.At - from.At).TotalSeconds);
        var parts = new List<string>
        {
            $"machine {(to.MachineBusySeconds - from.MachineBusySeconds) / seconds:0.00} (kernel {(to.MachineSystemSeconds - from.MachineSystemSeconds) / seconds:0.00})",
        };
        foreach (var (name, reading) in to.Processes)
        {
            parts.Add($"{name} {ProcessMeter.Cores(from.Processes[name], reading):0.00}");
        }
        // The rest by command name: processes alive at both readings, other than the ones named above.
        var others = new Dictionary<string, long>();
        foreach (var (pid, (comm, ticks)) in to.All)
        {
            if (from.All.TryGetValue(pid, out var earlier) && earlier.Comm == comm)
            {
                others[comm] = others.GetValueOrDefault(comm) + ticks - earlier.Ticks;
            }
        }
        foreach (var (name, reading) in to.Processes)
        {
            // Named processes were counted under their command name too; take them out of the rest.
            var comm = name is "server" or "benchmark" ? "dotnet" : name;
            if (from.Processes.TryGetValue(name, out var before) && others.ContainsKey(comm))
            {
                others[comm] -= (long)Math.Round((reading.CpuSeconds - before.CpuSeconds) * 100);
            }
        }
        var ended = (to.MachineBusySeconds - from.MachineBusySeconds) * 100 - others.Values.Sum()
            - to.Processes.Sum(p => from.Processes.TryGetValue(p.Key, out var b) ? (p.Value.CpuSeconds - b.CpuSeconds) * 100 : 0);
        var top = others.Where(o => o.Value > 0).OrderByDescending(o => o.Value).Take(5)
            .Select(o => $"{(o.Key == "dotnet" ? "other dotnet" : o.Key)} {o.Value / 100.0 / seconds:0.00}");
        return string.Join(", ", parts) + "; the rest, top 5 by command: " + string.Join(", ", top) +
            $"; short-lived processes (started and ended in between, e.g. runc, setup scripts) {Math.Max(0, ended) / 100.0 / seconds:0.00}";
    }

    private static Dictionary<int, (string Comm, long Ticks)> AllProcesses()
    {
        var all = new Dictionary<int, (string, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                all[pid] = (stat[(open + 1)..close], long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // Gone between listing and reading.
            }
        }
        return all;
    }

    private static int? FindPid(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == name)
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
        }
        return null;
    }
}
