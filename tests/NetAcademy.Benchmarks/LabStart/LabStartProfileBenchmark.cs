using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Benchmarks.Infrastructure;
using NetAcademy.Content.Labs;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Sessions;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Benchmarks.LabStart;

/// <summary>
/// <c>lab-start-profile [runs=10] [labs=a,b] [section=NAME] [warm=false]</c>: starts every lab of the repository that can run on this host
/// (its images built, its kernel needs met) <c>runs</c> times through the lab runtime and reports p50/p95 of each
/// start step by name (networks, each node, each setup script) and of the first prompt, so the slow steps are known.
/// Each lab has a same-run baseline: the docker CLI making the same networks and nodes one after another, running the
/// same setup scripts with <c>docker exec</c> and opening <c>docker exec -it</c> to the first prompt. Runs alternate
/// between the two after one uncounted warm-up of each; everything is removed between runs (not timed). Then the warm
/// start: a <see cref="SessionManager"/> with a pool of one session of the lab; each run waits (not timed) until the
/// pool holds a ready session, then times Start (the claim) to the first prompt, as the workspace hub does it
/// (<c>warm=false</c> leaves the warm start out, for a run that compares cold starts only).
/// </summary>
public static class LabStartProfileBenchmark
{
    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var runs = options.Int("runs", 10);
        var measureWarm = options.Text("warm", "true") != "false";
        // A run over some labs only writes a section of its own, so the full table of every lab stays.
        var report = options.Text("section", "lab-start-profile");
        var only = options.Text("labs", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var machine = await MachineInfo.DescribeAsync(ct);
        var commit = await MachineInfo.CommitAsync(ct);
        var instance = "bench-" + Guid.NewGuid().ToString("n")[..8];
        await using var services = TestRuntime.Build(instance);
        var runtime = services.GetRequiredService<ILabRuntime>();
        var kernel = await services.GetRequiredService<IKernelProbe>().ProbeAsync(ct);

        var rows = new List<IReadOnlyList<string>>();
        var totals = new List<IReadOnlyList<string>>();
        var skipped = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "labs")).Order(StringComparer.Ordinal))
        {
            var loaded = LabLoader.Load(folder, Path.Combine(RepositoryPaths.Root, "deploy", "images"), ct);
            if (loaded.Lab is not { } lab || (only.Count > 0 && !only.Contains(lab.Id.Value)))
            {
                continue;
            }
            if (kernel.Missing(lab.Requires) is { Count: > 0 } missing)
            {
                skipped.Add($"{lab.Id} (this kernel lacks {string.Join(", ", missing.Select(m => KernelFeatureNames.Name(m.Feature)))})");
                continue;
            }
            if (await MissingImageAsync(lab, ct) is { } image)
            {
                skipped.Add($"{lab.Id} (image {image} is not built)");
                continue;
            }

            Console.Error.WriteLine($"[{MachineInfo.Uptime()}] {lab.Id}: load {MachineInfo.LoadAverage()}");
            var steps = new Dictionary<string, Samples>(StringComparer.Ordinal);
            var total = new Samples("runtime");
            var baseline = new Samples("cli");
            var warm = new Samples("warm");
            var baselineFailures = 0;
            try
            {
                await RuntimeOnceAsync(runtime, lab, null, ct);
                await CliOnceAsync(lab, instance, ct);
                for (var i = 0; i < runs; i++)
                {
                    total.Add(await RuntimeOnceAsync(runtime, lab, steps, ct));
                    var (elapsed, failed) = await CliOnceAsync(lab, instance, ct);
                    baseline.Add(elapsed);
                    baselineFailures += failed;
                    Console.Error.Write($"\r  {i + 1}/{runs}");
                }
                Console.Error.WriteLine();
                if (measureWarm)
                {
                    await WarmRunsAsync(runtime, lab, instance, runs, warm, ct);
                }
            }
            finally
            {
                await ShellPrompt.RemoveLabelledAsync($"netacademy.instance={instance}");
            }

            foreach (var (step, samples) in steps.OrderBy(s => StepOrder(lab, s.Key)))
            {
                rows.Add([lab.Id.Value, step, Samples.Format(samples.Median), Samples.Format(samples.P95)]);
            }
            totals.Add([lab.Id.Value, lab.Nodes.Count.ToString(CultureInfo.InvariantCulture), lab.Nodes.Sum(n => n.Setup.Count).ToString(CultureInfo.InvariantCulture),
                $"{Samples.Format(total.Median)} / {Samples.Format(total.P95)}", $"{Samples.Format(baseline.Median)} / {Samples.Format(baseline.P95)}",
                $"{Samples.Ratio(total.Median, baseline.Median)} / {Samples.Ratio(total.P95, baseline.P95)}",
                measureWarm ? $"{Samples.Format(warm.Median)} / {Samples.Format(warm.P95)}" : "not measured",
                baselineFailures == 0 ? "" : $"{baselineFailures} setup script run(s) failed in the CLI baseline (interface names differ there)"]);
        }

        var section = new StringBuilder();
        section.AppendLine(CultureInfo.InvariantCulture, $"## {report}: every lab, step by step");
        section.AppendLine();
        section.AppendLine("```");
        section.AppendLine("dotnet run --project tests/NetAcademy.Benchmarks -c Release -- lab-start-profile [runs=10] [labs=a,b] [section=NAME] [warm=false]");
        section.AppendLine("```");
        section.AppendLine();
        section.AppendLine("Every lab of `labs/` that can run on this host is started `runs` times through the lab runtime; each start step is");
        section.AppendLine("timed by name (the runtime's own progress events) and the first prompt through a terminal. The baseline, per lab and");
        section.AppendLine("alternating with it: the docker CLI creating the same networks and nodes one after another, running the same setup");
        section.AppendLine("scripts through `docker exec` and opening `docker exec -it` to the prompt. Then the warm start: a pool of one");
        section.AppendLine("session of the lab, and Start (the claim) to the first prompt, timed after the pool holds a ready session. A run over");
        section.AppendLine("some labs (`labs=`) writes its own `section=`, so the full table stays.");
        section.AppendLine();
        section.AppendLine(CultureInfo.InvariantCulture, $"Run: {machine}; commit {commit}; {runs} counted runs of each lab and of its baseline, alternating.");
        section.AppendLine();
        section.AppendLine("Start to first prompt per lab (ms, p50 / p95): cold (no pool) against the docker CLI, and warm (a pool of one, Start claims it):");
        section.AppendLine();
        section.Append(ReportFile.Table(["lab", "nodes", "setup scripts", "cold: runtime", "docker CLI one after another", "cold ÷ CLI", "warm: claim to prompt", "note"], totals));
        section.AppendLine();
        section.AppendLine("Each step of the runtime's start (ms; nodes start concurrently, so node steps overlap; `prompt` is Start's end to the first prompt):");
        section.AppendLine();
        section.Append(ReportFile.Table(["lab", "step", "p50", "p95"], rows));
        if (skipped.Count > 0)
        {
            section.AppendLine();
            section.AppendLine("Not run here: " + string.Join("; ", skipped) + ".");
        }
        Console.WriteLine(section);
        await ReportFile.WriteSectionAsync(report, section.ToString(), ct);
        return 0;
    }

    private static async Task WarmRunsAsync(ILabRuntime runtime, Lab lab, string instance, int runs, Samples warm, CancellationToken ct)
    {
        var options = new LabsOptions { Instance = instance, PoolMemoryBudgetMiB = 1 << 20 };
        options.Pools[lab.Id.Value] = 1;
        var manager = new SessionManager(runtime, new OneLab(lab), Options.Create(options), TimeProvider.System, NullLogger<SessionManager>.Instance);
        try
        {
            // One uncounted warm-up, as for the cold runs.
            for (var i = -1; i < runs; i++)
            {
                await manager.FillPoolsAsync(ct);
                while (!manager.PooledSessions.Any(s => s.State == SessionState.Ready))
                {
                    if (manager.PooledSessions.FirstOrDefault(s => s.State == SessionState.Failed) is { } failed)
                    {
                        throw new InvalidOperationException($"A warm session of {lab.Id} failed: {failed.Snapshot().Error}");
                    }
                    await Task.Delay(20, ct);
                }
                var clock = Stopwatch.StartNew();
                var session = await manager.StartAsync("bench", lab.Id, ct);
                await using (var terminal = await manager.OpenTerminalAsync(session, lab.Nodes[0].Name, new TerminalSize(80, 24), ct))
                {
                    await ShellPrompt.ReadUntilPromptAsync(terminal, ct);
                    if (i >= 0)
                    {
                        warm.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
                await manager.StopAsync(session, "benchmark run over", CancellationToken.None);
            }
        }
        finally
        {
            await manager.DrainPoolsAsync(CancellationToken.None);
            await manager.StopAllAsync("benchmark over", CancellationToken.None);
        }
    }

    private sealed class OneLab(Lab lab) : ILabDirectory
    {
        public Lab? FindLab(LabId id) => id == lab.Id ? lab : null;

        public IEnumerable<Lab> AllLabs => [lab];
    }

    // Networks, then nodes, then setup scripts in the lab's order, then the prompt: the order a start goes through.
    private static int StepOrder(Lab lab, string step) => step switch
    {
        "images" => 0,
        "networks" => 1,
        _ when step.StartsWith("node:", StringComparison.Ordinal) => 2,
        _ when step.StartsWith("setup:", StringComparison.Ordinal) => 3,
        "prompt" => 5,
        _ => 4,
    };

    private static async Task<string?> MissingImageAsync(Lab lab, CancellationToken ct)
    {
        foreach (var image in lab.Nodes.Select(n => n.Image).Distinct(StringComparer.Ordinal))
        {
            var result = await Cli.RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", $"netacademy/{image}:latest"], ct);
            if (result.ExitCode != 0)
            {
                return image;
            }
        }
        return null;
    }

    private static async Task<double> RuntimeOnceAsync(ILabRuntime runtime, Lab lab, Dictionary<string, Samples>? steps, CancellationToken ct)
    {
        var session = SessionId.New();
        var done = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        try
        {
            var clock = Stopwatch.StartNew();
            await runtime.StartAsync(new SessionSpec(session, "bench", lab), new StepRecorder(done), ct);
            var started = clock.Elapsed.TotalMilliseconds;
            await using var terminal = await runtime.OpenTerminalAsync(session, lab.Nodes[0].Name, new TerminalSize(80, 24), ct);
            await ShellPrompt.ReadUntilPromptAsync(terminal, ct);
            var total = clock.Elapsed.TotalMilliseconds;
            if (steps is not null)
            {
                done["prompt"] = total - started;
                foreach (var (step, ms) in done)
                {
                    if (!steps.TryGetValue(step, out var samples))
                    {
                        steps[step] = samples = new Samples(step);
                    }
                    samples.Add(ms);
                }
            }
            return total;
        }
        finally
        {
            await runtime.StopAsync(session, CancellationToken.None);
        }
    }

    // The same networks and nodes, made one after another by the docker CLI, the lab's setup scripts through
    // `docker exec` in the lab's order, then an interactive login shell in the first node under script(1).
    // Returns the time and how many setup scripts failed: the CLI's nodes keep the engine's interface names and
    // addresses (a lab's .1 is the engine's gateway, which `--ip` cannot take), so a script may stop early there.
    private static async Task<(double Elapsed, int FailedScripts)> CliOnceAsync(Lab lab, string instance, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("n")[..10];
        var session = $"bench-{id}";
        string[] labels = ["--label", "netacademy.test=1", "--label", $"netacademy.session={session}", "--label", $"netacademy.instance={instance}"];
        var failed = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < lab.Networks.Count; i++)
            {
                var network = lab.Networks[i];
                await Cli.LinesAsync("docker", ["network", "create", "--internal", "--driver", "bridge", "--subnet", network.Subnet, ..labels,
                    "-o", $"com.docker.network.bridge.name=nab{id[..8]}{i:00}", "-o", "com.docker.network.bridge.inhibit_ipv4=true",
                    "-o", "com.docker.network.bridge.enable_ip_masquerade=false", $"{session}-{network.Name}"], ct);
            }
            foreach (var node in lab.Nodes)
            {
                var attachments = lab.Networks.SelectMany(n => n.Attachments.Where(a => a.Node == node.Name).Select(a => (Network: n, Attachment: a))).ToList();
                var first = attachments.FirstOrDefault();
                List<string> run = ["run", "-d", "--name", $"{session}-{node.Name}", "--hostname", node.Hostname, ..labels,
                    "--network", first.Network is null ? "none" : $"{session}-{first.Network.Name}",
                    "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                    "--memory", $"{node.MemoryMiB}m", "--memory-swap", $"{node.MemoryMiB}m", "--cpus", node.Cpus.ToString(CultureInfo.InvariantCulture),
                    "--pids-limit", node.Pids.ToString(CultureInfo.InvariantCulture), "--init", "-w", "/root"];
                foreach (var capability in node.Capabilities)
                {
                    run.AddRange(["--cap-add", capability.ToString()]);
                }
                foreach (var (key, value) in node.Sysctls)
                {
                    run.AddRange(["--sysctl", $"{key}={value}"]);
                }
                run.AddRange([$"netacademy/{node.Image}:latest", "sleep", "infinity"]);
                await Cli.LinesAsync("docker", run, ct);
                foreach (var (network, _) in attachments.Skip(1))
                {
                    await Cli.LinesAsync("docker", ["network", "connect", $"{session}-{network.Name}", $"{session}-{node.Name}"], ct);
                }
            }
            foreach (var node in lab.Nodes)
            {
                foreach (var script in node.Setup)
                {
                    var result = await Cli.RunAsync("sh", ["-c", "docker exec -i \"$1\" sh -s < \"$2\"", "sh", $"{session}-{node.Name}", Path.Combine(lab.Directory, script)], ct);
                    failed += result.ExitCode == 0 ? 0 : 1;
                }
            }
            var elapsed = await ShellPrompt.DockerExecToPromptAsync($"{session}-{lab.Nodes[0].Name}", clock, ct);
            return (elapsed, failed);
        }
        finally
        {
            await ShellPrompt.RemoveLabelledAsync($"netacademy.session={session}");
        }
    }

    // Progress<T> posts to the thread pool and could report after StartAsync returned; this records at once.
    private sealed class StepRecorder(ConcurrentDictionary<string, double> done) : IProgress<StartProgress>
    {
        public void Report(StartProgress value)
        {
            if (value.Status == StepStatus.Done)
            {
                done[value.Step] = value.Elapsed.TotalMilliseconds;
            }
        }
    }
}
