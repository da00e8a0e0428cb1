using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Benchmarks.Infrastructure;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Benchmarks.Churn;

/// <summary>
/// <c>churn [cycles=500] [minutes=15] [baseline-every=10]</c>: start/stop cycles of a two-node lab through
/// <see cref="DockerLabRuntime"/> in this process, until the count or the time budget runs out. Afterwards nothing of
/// the instance may be left (containers, networks, host veths) and the process's memory must be back within 10 % of
/// where it stood after the warm-up. Every Nth cycle the same objects are made and removed with the docker CLI, the
/// baseline of the cycle time.
/// </summary>
public static class ChurnBenchmark
{
    private const string Image = "netacademy/base:latest";

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var cycles = options.Int("cycles", 500);
        var budget = TimeSpan.FromMinutes(options.Int("minutes", 15));
        var baselineEvery = options.Int("baseline-every", 10);
        var instance = "bench-churn-" + Guid.NewGuid().ToString("n")[..6];
        var machine = await MachineInfo.DescribeAsync(ct);
        using var docker = TestRuntime.CreateEngine();
        var runtime = new DockerLabRuntime(docker, Options.Create(new LabsOptions { Instance = instance }), NullLogger<DockerLabRuntime>.Instance);
        var lab = TwoNodeLab();
        var start = new Samples("start");
        var stop = new Samples("stop");
        var cycle = new Samples("DockerLabRuntime cycle");
        var cli = new Samples("docker CLI cycle");
        var memory = new List<MemoryReading>();
        var before = await DockerLeaks.CountAsync(instance, ct);
        var done = 0;
        string? stoppedBy = null;
        var clock = Stopwatch.StartNew();
        DockerLeaks.Count after;
        try
        {
            // Warm-up cycles, not counted: JIT, connection pool, first network create.
            for (var i = 0; i < 5; i++)
            {
                await CycleAsync(runtime, lab, null, null, ct);
            }
            memory.Add(MemoryReading.Take(0));
            for (; done < cycles && clock.Elapsed < budget; done++)
            {
                var total = Stopwatch.StartNew();
                try
                {
                    await CycleAsync(runtime, lab, start, stop, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // Reported, not thrown: the cycles before it and the leak check after it still count.
                    stoppedBy = $"cycle {done + 1} failed: {ex.GetType().Name}: {ex.Message}";
                    Console.Error.WriteLine(stoppedBy);
                    break;
                }
                cycle.Add(total.Elapsed.TotalMilliseconds);
                if (baselineEvery > 0 && done % baselineEvery == 0)
                {
                    cli.Add(await CliCycleAsync(instance, ct));
                }
                if ((done + 1) % 50 == 0)
                {
                    memory.Add(MemoryReading.Take(done + 1));
                    Console.Error.WriteLine($"[{MachineInfo.Uptime()}] {done + 1} cycles, p50 {cycle.Median:0} ms, RSS {ProcessMeter.Mib(memory[^1].Rss)} MiB, heap {ProcessMeter.Mib(memory[^1].Heap)} MiB, load {MachineInfo.LoadAverage()}");
                }
            }
            if (memory[^1].Cycle != done)
            {
                memory.Add(MemoryReading.Take(done));
            }
        }
        finally
        {
            after = await DockerLeaks.CountAsync(instance, CancellationToken.None);
            await DockerLeaks.RemoveAsync(instance, CancellationToken.None);
            // The lab's (empty) directory of files to copy into nodes.
            Directory.Delete(lab.Directory, recursive: true);
        }
        var (first, last) = (memory[0], memory[^1]);
        // The reading after the first 50 counted cycles, when tiered JIT and the thread pool have mostly settled.
        var settled = memory.Count > 2 ? memory[1] : null;
        var rssChange = (double)(last.Rss - first.Rss) / first.Rss;
        var heapChange = (double)(last.Heap - first.Heap) / first.Heap;
        var clean = after.Containers == 0 && after.Networks == 0 && after.HostVeths <= before.HostVeths;
        var section = new StringBuilder()
            .AppendLine("## churn: start/stop cycles leave nothing behind")
            .AppendLine()
            .AppendLine("```")
            .AppendLine($"dotnet run --project tests/NetAcademy.Benchmarks -c Release -- churn {options}".TrimEnd())
            .AppendLine("```")
            .AppendLine()
            .AppendLine($"Machine: {machine}. Commit {await MachineInfo.CommitAsync(ct)}.")
            .AppendLine()
            .AppendLine($"**{done} cycles** ran (asked: {cycles}, budget {budget.TotalMinutes:0} min; {clock.Elapsed.TotalMinutes:0.0} min used" +
                $"{(stoppedBy is null ? "" : $"; stopped early, {stoppedBy}")}). " +
                "A cycle is `DockerLabRuntime.StartAsync` of a two-node lab (one internal network, two confined `netacademy/base` " +
                "containers, interface naming) then `StopAsync`, in this process, after 5 uncounted warm-up cycles. " +
                $"After every {baselineEvery} cycles comes one baseline cycle that makes and removes the same network and containers " +
                "with the docker CLI (`network create --internal`, two `docker run -d`, `rm -f`, `network rm`).")
            .AppendLine()
            .Append(ReportFile.Table(["figure", "cycles", "p50 ms", "p95 ms", "max ms", "cycle vs docker CLI cycle (p50 / p95)"],
                new[] { cycle, start, stop, cli }.Select(s => (IReadOnlyList<string>)[s.Name, s.Count.ToString(CultureInfo.InvariantCulture),
                    Samples.Format(s.Median), Samples.Format(s.P95), Samples.Format(s.Max),
                    s == start || s == stop ? "—" : $"{Samples.Ratio(s.Median, cli.Median)} / {Samples.Ratio(s.P95, cli.P95)}"])))
            .AppendLine()
            .AppendLine($"Before: {before}. After: {after}. Veths are counted from `ip -o link`; those plugged into a live bridge " +
                "of another instance's network (other work on this engine) are not ours and are left out of the first figure. " +
                $"{(clean ? "Nothing left." : "**Something was left.**")}")
            .AppendLine()
            .AppendLine("Memory of the process driving the runtime, every 50 cycles: VmRSS and its anonymous and file-backed parts " +
                "(/proc/self/status), threads, the managed heap after a full blocking GC and the memory the GC keeps committed " +
                "(`GC.GetGCMemoryInfo`), and methods the JIT has compiled so far (`JitInfo.GetCompiledMethodCount`):")
            .AppendLine()
            .Append(ReportFile.Table(["after cycle", "RSS MiB", "anon MiB", "file MiB", "threads", "heap MiB", "GC committed MiB", "JIT methods"],
                memory.Select(m => (IReadOnlyList<string>)[m.Cycle.ToString(CultureInfo.InvariantCulture), ProcessMeter.Mib(m.Rss),
                    ProcessMeter.Mib(m.RssAnon), ProcessMeter.Mib(m.RssFile), m.Threads.ToString(CultureInfo.InvariantCulture),
                    ProcessMeter.Mib(m.Heap), ProcessMeter.Mib(m.GcCommitted), m.JitMethods.ToString(CultureInfo.InvariantCulture)])))
            .AppendLine()
            .AppendLine($"From the first reading (after the 5 warm-up cycles) to the last: RSS {rssChange:+0.0%;-0.0%}, heap {heapChange:+0.0%;-0.0%} " +
                $"(target: within 10 %: {(Math.Abs(rssChange) <= 0.10 && Math.Abs(heapChange) <= 0.10 ? "met" : "missed")}). " +
                (settled is null ? "" : $"From cycle {settled.Cycle} on: RSS {(double)(last.Rss - settled.Rss) / settled.Rss:+0.0%;-0.0%}, heap {(double)(last.Heap - settled.Heap) / settled.Heap:+0.0%;-0.0%}."));
        Console.WriteLine(section);
        await ReportFile.WriteSectionAsync("churn", section.ToString(), ct);
        return clean ? 0 : 1;
    }

    private static async Task CycleAsync(DockerLabRuntime runtime, Lab lab, Samples? start, Samples? stop, CancellationToken ct)
    {
        var session = SessionId.New();
        var clock = Stopwatch.StartNew();
        try
        {
            await runtime.StartAsync(new SessionSpec(session, "bench", lab), new Progress<StartProgress>(), ct);
            start?.Add(clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            clock.Restart();
            await runtime.StopAsync(session, CancellationToken.None);
            stop?.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    private static async Task<double> CliCycleAsync(string instance, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("n")[..10];
        string[] labels = ["--label", "netacademy.test=1", "--label", $"netacademy.session=bench-{id}", "--label", $"netacademy.instance={instance}"];
        var network = $"bench-{id}";
        var clock = Stopwatch.StartNew();
        await Cli.LinesAsync("docker", ["network", "create", "--internal", "--driver", "bridge", "--subnet", "10.124.0.0/24", .. labels,
            "-o", "com.docker.network.bridge.inhibit_ipv4=true", "-o", "com.docker.network.bridge.enable_ip_masquerade=false", network], ct);
        foreach (var (node, address) in new[] { ("a", "10.124.0.2"), ("b", "10.124.0.3") })
        {
            await Cli.LinesAsync("docker", ["run", "-d", "--name", $"{network}-{node}", "--hostname", node, .. labels, "--network", network, "--ip", address,
                "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--security-opt", "no-new-privileges",
                "--memory", "128m", "--memory-swap", "128m", "--cpus", "0.5", "--pids-limit", "64", "--init", "-w", "/root",
                Image, "sleep", "infinity"], ct);
        }
        await Cli.LinesAsync("docker", ["rm", "-f", $"{network}-a", $"{network}-b"], ct);
        await Cli.LinesAsync("docker", ["network", "rm", network], ct);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static Lab TwoNodeLab()
    {
        var dir = Directory.CreateTempSubdirectory("netacademy-bench-").FullName;
        LabNode Node(string name) => new(new NodeName(name), "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], name, []);
        var network = new LabNetwork(new NetworkName("lan"), "10.123.0.0/24",
            [new NetworkAttachment(new NodeName("a"), "eth0", "10.123.0.2"), new NetworkAttachment(new NodeName("b"), "eth0", "10.123.0.3")]);
        return new Lab(new LabId("bench-churn"), "Benchmark", "two nodes", [Node("a"), Node("b")], [network], [], [], LabLimits.Default, dir);
    }

    /// <summary>What the process holds at one moment, to tell a leak (managed heap growing) from warm-up (JIT, threads).</summary>
    private sealed record MemoryReading(int Cycle, long Rss, long RssAnon, long RssFile, int Threads, long Heap, long GcCommitted, long JitMethods)
    {
        public static MemoryReading Take(int cycle)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            long Kb(string line) => long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            var status = File.ReadAllLines("/proc/self/status");
            string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
            return new MemoryReading(cycle, Kb(Field("VmRSS")), Kb(Field("RssAnon")), Kb(Field("RssFile")),
                int.Parse(Field("Threads").Split(':')[1].Trim(), CultureInfo.InvariantCulture), heap,
                GC.GetGCMemoryInfo().TotalCommittedBytes, System.Runtime.JitInfo.GetCompiledMethodCount());
        }
    }
}
