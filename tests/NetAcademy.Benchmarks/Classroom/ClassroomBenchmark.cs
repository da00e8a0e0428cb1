using System.Globalization;
using System.Text;
using NetAcademy.Benchmarks.Infrastructure;

namespace NetAcademy.Benchmarks.Classroom;

/// <summary>
/// <c>classroom [sizes=1,10,25,50] [keys=40] [interval=250] [env.KEY=VALUE ...] [report=NAME]</c>: N simulated learners (HTTP + SignalR clients, no
/// browser) at once against one real server, each starting the veth-pairs lab, capturing, typing and pressing Check.
/// N = 1 is the baseline. A size is only tried when the one before it finished without a failed learner. <c>env.</c>
/// options are server settings (e.g. <c>env.Grading__Web__BackgroundInterval=00:00:00</c>); <c>report</c> names the
/// block of BENCHMARKS.md to write, so a variant does not replace the default run.
/// </summary>
public static class ClassroomBenchmark
{
    private const double TerminalP99Limit = 50;
    private const double SlowKeyMs = 20;
    private const int MaxBaselineShells = 10;

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var sizes = options.Ints("sizes", [1, 10, 25, 50]);
        var keys = options.Int("keys", 40);
        var interval = TimeSpan.FromMilliseconds(options.Int("interval", 250));
        var instance = "bench-class-" + Guid.NewGuid().ToString("n")[..6];
        var machine = await MachineInfo.DescribeAsync(ct);
        var rounds = new List<Round>();
        var notes = new List<string>();
        DockerLeaks.Count leftover;
        var log = new Action<string>(line => Console.Error.WriteLine($"[{MachineInfo.Uptime()}] {line}"));
        var settings = options.ServerSettings();
        var report = options.Text("report", "classroom");
        await using (var server = await GuestServer.StartAsync(instance, settings, ct))
        {
            try
            {
                var meter = SystemMeter.ForServer(server.Pid);
                // One uncounted learner first: the first start pays one-off costs (kernel probe, image checks, JIT).
                var warmUp = await RunRoundAsync(server, meter, 1, new LearnerScript(server.BaseAddress, 5, interval), 5, interval, log, ct);
                log($"warm-up: start {Samples.Format(warmUp.Start.Median)} ms, {warmUp.Failures.Count} failed");
                foreach (var size in sizes)
                {
                    log($"{size} learner(s), load average {MachineInfo.LoadAverage()}");
                    var round = await RunRoundAsync(server, meter, size, new LearnerScript(server.BaseAddress, keys, interval), keys, interval, log, ct);
                    rounds.Add(round);
                    var left = await DockerLeaks.CountAsync(instance, ct);
                    log($"{size}: start p50 {Samples.Format(round.Start.Median)} ms, terminal p99 {Samples.Format(round.Terminal.P99)} ms, {round.Failures.Count} failed; left: {left}");
                    if (left.Containers > 0 || left.Networks > 0)
                    {
                        notes.Add($"After {size} learners stopped, {left} were still there.");
                    }
                    if (round.Failures.Count > 0)
                    {
                        notes.Add($"Stopped escalating after {size} learners: {round.Failures.Count} failed ({string.Join("; ", round.Failures.Distinct().Take(3))}).");
                        break;
                    }
                }
            }
            finally
            {
                leftover = await DockerLeaks.CountAsync(instance, CancellationToken.None);
                await DockerLeaks.RemoveAsync(instance, CancellationToken.None);
            }
        }

        var baseline = rounds.FirstOrDefault();
        var rows = rounds.Select(r => (IReadOnlyList<string>)[
            r.Size.ToString(CultureInfo.InvariantCulture),
            $"{r.Size - r.Failures.Count}/{r.Size}",
            $"{Samples.Format(r.Start.Median / 1000)} / {Samples.Format(r.Start.P95 / 1000)}",
            $"{Samples.Format(r.Terminal.Median)} / {Samples.Format(r.Terminal.P95)} / {Samples.Format(r.Terminal.P99)}",
            baseline is null ? "" : $"{Samples.Ratio(r.Terminal.Median, baseline.Terminal.Median)} / {Samples.Ratio(r.Terminal.P99, baseline.Terminal.P99)}",
            $"{Samples.Format(r.DockerExec.Median)} / {Samples.Format(r.DockerExec.P99)} ({r.DockerExec.Count})",
            $"{Samples.Format(r.Capture.Median)} / {Samples.Format(r.Capture.P95)}",
            $"{Samples.Format(r.Check.Median)} / {Samples.Format(r.Check.P95)} ({r.ChecksPassed} passed)",
            $"{Samples.Format(r.Stop.Median / 1000)} / {Samples.Format(r.Stop.P95 / 1000)}",
            $"{r.ServerCoresTyping:0.00} ({r.ServerCoresTyping / r.Size * 1000:0} m)",
            $"{ProcessMeter.Mib(r.ServerPeakRss)} ({ProcessMeter.Mib((r.ServerPeakRss - r.ServerIdleRss) / r.Size)})",
            ProcessMeter.Mib(r.HostMemoryUsed / r.Size),
        ]).ToList();
        var held = rounds.Where(r => r.Failures.Count == 0 && r.Terminal.P99 < TerminalP99Limit).Select(r => r.Size).DefaultIfEmpty(0).Max();
        var largest = rounds.Count == 0 ? null : rounds[^1];
        var section = new StringBuilder()
            .AppendLine(settings.Count == 0 ? $"## {report}: a class at once on one server"
                : $"## {report}: a class at once, server with {string.Join(", ", settings.Select(kv => $"`{kv.Key}={kv.Value}`"))}")
            .AppendLine()
            .AppendLine("```")
            .AppendLine($"dotnet run --project tests/NetAcademy.Benchmarks -c Release -- classroom {options}".TrimEnd())
            .AppendLine("```")
            .AppendLine()
            .AppendLine($"Machine: {machine}. Server: {Path.GetRelativePath(RepositoryPaths.Root, RepositoryPaths.WebDll)} on loopback " +
                $"(limits: Labs:MaxSessions {(settings.TryGetValue("Labs__MaxSessions", out var maxSessions) ? maxSessions : "60 (the default)")}, 2 per user), commit {await MachineInfo.CommitAsync(ct)}. The simulated learners " +
                "run in the benchmark process on the same 2 cores as the server and Docker.")
            .AppendLine()
            .AppendLine("Each learner is its own guest (own cookies) and, all at once: presses Start on the veth-pairs lesson (form post " +
                "with antiforgery) and waits for Ready on the hub (**start**); opens `host1`'s terminal; when every lab of the class is " +
                "up, starts a capture on eth0 (**capture**: `StartCapture` until it listens), types " +
                $"{keys} keys one at a time at about one per {interval.TotalMilliseconds:0} ms (±50 %, learners out of step), each timed " +
                "until its echo (**terminal**), runs `ip netns add red; ip netns add blue` and presses Check on the first task " +
                "(**check**: `Check` until the outcome), stops the capture and the lab (**stop**: `Stop` until Stopped). One uncounted " +
                "learner runs first (warm-up); N = 1 is the baseline of the ratio column. While the class types, the benchmark also types " +
                "the same keys at the same pace into `docker exec -it` (under `script(1)`) of one learner's node per ten learners (at most " +
                $"{MaxBaselineShells} shells, each beside its learner's own): the terminal baseline under the same load. Server CPU is from /proc/PID/stat over the typing phase (m = millicores per learner); " +
                "server memory is the peak VmRSS (growth over idle per learner); host memory is the fall in MemAvailable per learner " +
                "(containers, Docker, server).")
            .AppendLine()
            .Append(ReportFile.Table(
                ["N", "completed", "start p50 / p95 s", "terminal p50 / p95 / p99 ms", "terminal vs N=1 (p50 / p99)", "docker exec -it meanwhile p50 / p99 ms (keys)", "capture p50 / p95 ms",
                 "check p50 / p95 ms", "stop p50 / p95 s", "server CPU, typing (per learner)", "server RSS peak MiB (per learner)", "host MiB per learner"],
                rows))
            .AppendLine()
            .AppendLine("Where the CPU went, per phase: cores busy on average from /proc (the machine is shared, so \"machine\" includes " +
                "other work), then a machine-wide `perf record -a -F 99` of the same phase by command name, which also sees the " +
                "processes that start and end within it, and the Docker execs the server ran in the class's nodes (`docker events`, by command):")
            .AppendLine();
        foreach (var r in rounds)
        {
            section.AppendLine($"- N = {r.Size}, starting: {r.StartPhaseCpu}.")
                .AppendLine($"  perf, share of samples by command (threads by their own names): {r.StartPhaseProfile ?? "perf not available"}.")
                .AppendLine($"  Docker execs in the class's nodes: {r.StartPhaseExecs}.")
                .AppendLine($"- N = {r.Size}, typing: {r.TypingPhaseCpu}.")
                .AppendLine($"  perf: {r.TypingPhaseProfile ?? "perf not available"}.")
                .AppendLine($"  Docker execs: {r.TypingPhaseExecs}.")
                .AppendLine($"  Slow keys: {r.SlowKeys}.");
        }
        section.AppendLine()
            .AppendLine($"Largest N held with terminal p99 under {TerminalP99Limit:0} ms and no failed learner: **{held}** (target 50: " +
                $"{(held >= 50 ? "met" : "missed")}).{(largest is not null && largest.Size > held ? $" At N = {largest.Size}: terminal p99 {Samples.Format(largest.Terminal.P99)} ms, {largest.Failures.Count} failed." : "")}")
            .AppendLine()
            .AppendLine($"Left after the run (`docker ps -a --filter label=netacademy.instance={instance}`, networks, host veths): {leftover}.");
        foreach (var note in notes)
        {
            section.AppendLine().AppendLine(note);
        }
        Console.WriteLine(section);
        await ReportFile.WriteSectionAsync(report, section.ToString(), ct);
        return leftover.Containers == 0 && leftover.Networks == 0 ? 0 : 1;
    }

    private sealed class Round
    {
        public int Size { get; init; }
        public Samples Start { get; } = new("start");
        public Samples Terminal { get; } = new("terminal");
        public Samples DockerExec { get; } = new("docker exec -it");
        public Samples Capture { get; } = new("capture");
        public Samples Check { get; } = new("check");
        public Samples Stop { get; } = new("stop");
        public int ChecksPassed { get; set; }
        public List<string> Failures { get; } = [];
        public double ServerCoresTyping { get; set; }
        public long ServerIdleRss { get; set; }
        public long ServerPeakRss { get; set; }
        public long HostMemoryUsed { get; set; }
        public string StartPhaseCpu { get; set; } = "";
        public string TypingPhaseCpu { get; set; } = "";
        public string? StartPhaseProfile { get; set; }
        public string? TypingPhaseProfile { get; set; }
        public string StartPhaseExecs { get; set; } = "";
        public string TypingPhaseExecs { get; set; } = "";
        public string SlowKeys { get; set; } = "";
    }

    private static async Task<Round> RunRoundAsync(ServerProcess server, SystemMeter meter, int size, LearnerScript script, int keys, TimeSpan interval,
        Action<string> log, CancellationToken ct)
    {
        var round = new Round { Size = size };
        var idle = meter.Read();
        round.ServerIdleRss = idle.Processes["server"].RssBytes;
        var gate = new ClassGate(size);
        long peakRss = round.ServerIdleRss, minAvailable = idle.MemAvailableBytes;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            try
            {
                while (await timer.WaitForNextTickAsync(sampling.Token))
                {
                    var now = meter.Read();
                    peakRss = Math.Max(peakRss, now.Processes["server"].RssBytes);
                    minAvailable = Math.Min(minAvailable, now.MemAvailableBytes);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        var startProfile = PerfProfile.Start();
        var startCensus = ExecCensus.Start(server.Instance);
        var learners = Enumerable.Range(0, size).Select(i => Task.Run(() => script.RunAsync(i, gate, log, ct), ct)).ToList();
        await Task.WhenAny(gate.Opened, Task.WhenAll(learners));
        var ready = meter.Read();
        // The typing phase's recorders start before the start phase's stop: the learners do not wait for us.
        var typingProfile = PerfProfile.Start();
        var typingCensus = ExecCensus.Start(server.Instance);
        var probe = Task.Run(() => ProbeDockerExecAsync(server.Instance, size, keys, interval, round.DockerExec, log, ct), ct);
        if (startProfile is not null)
        {
            await startProfile.StopAsync(ct);
        }
        round.StartPhaseExecs = await startCensus.StopAsync(6);
        log($"{size}: all labs ready (or dropped out); starting phase CPU {SystemMeter.Describe(idle, ready)}");
        var results = await Task.WhenAll(learners);
        var done = meter.Read();
        if (typingProfile is not null)
        {
            await typingProfile.StopAsync(ct);
        }
        round.TypingPhaseExecs = await typingCensus.StopAsync(6);
        round.StartPhaseProfile = startProfile is null ? null : await startProfile.ReportAsync(8, ct);
        round.TypingPhaseProfile = typingProfile is null ? null : await typingProfile.ReportAsync(8, ct);
        await probe;
        await sampling.CancelAsync();
        await sampler;
        round.StartPhaseCpu = SystemMeter.Describe(idle, ready);
        round.TypingPhaseCpu = SystemMeter.Describe(ready, done);
        // The typing phase ends with each learner's Check and Stop; the server's share of it is what the class costs.
        round.ServerCoresTyping = ProcessMeter.Cores(ready.Processes["server"], done.Processes["server"]);
        round.ServerPeakRss = peakRss;
        round.HostMemoryUsed = Math.Max(0, idle.MemAvailableBytes - minAvailable);
        round.SlowKeys = DescribeSlowKeys(results, SlowKeyMs);
        foreach (var result in results)
        {
            AddIfMeasured(round.Start, result.StartMs);
            AddIfMeasured(round.Capture, result.CaptureStartMs);
            AddIfMeasured(round.Check, result.CheckMs);
            AddIfMeasured(round.Stop, result.StopMs);
            foreach (var rtt in result.RoundTrips)
            {
                round.Terminal.Add(rtt);
            }
            round.ChecksPassed += result.CheckPassed ? 1 : 0;
            if (result.Error is not null)
            {
                round.Failures.Add(result.Error);
            }
            else if (!result.CheckPassed)
            {
                round.Failures.Add("Check did not pass after the namespaces were made");
            }
        }
        return round;
    }

    /// <summary>
    /// The baseline under the same load: while the class types, the same keystrokes at the same pace into
    /// <c>docker exec -it</c> of up to <see cref="MaxBaselineShells"/> learners' nodes at once (one per ten learners, a
    /// second shell beside the learner's), straight from the host: one shell's 40 keys would make its p99 the slowest
    /// of 40. A shell ends early, keeping what it measured, when its learner stops the lab first.
    /// </summary>
    private static async Task ProbeDockerExecAsync(string instance, int size, int keys, TimeSpan interval, Samples samples, Action<string> log, CancellationToken ct)
    {
        var names = await Cli.LinesAsync("docker", ["ps", "--filter", $"label=netacademy.instance={instance}", "--filter", "status=running", "--format", "{{.Names}}"], ct);
        var shells = Math.Clamp((size + 9) / 10, 1, MaxBaselineShells);
        await Task.WhenAll(names.Take(shells).Select((name, i) => ProbeOneAsync(name, i, keys, interval, samples, log, ct)));
    }

    private static async Task ProbeOneAsync(string container, int index, int keys, TimeSpan interval, Samples samples, Action<string> log, CancellationToken ct)
    {
        await using var terminal = PtyTerminal.Start(container);
        var random = new Random(12345 + index);
        var measured = 0;
        try
        {
            await EchoProbe.WaitForAsync(terminal, "# ", TimeSpan.FromSeconds(60), ct);
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * interval.TotalMilliseconds), ct);
            await EchoProbe.ResetLineAsync(terminal, ct);
            for (var i = 0; i < keys; i++)
            {
                samples.Add(await EchoProbe.RoundTripAsync(terminal, i + 1, ct));
                measured++;
                await Task.Delay(TimeSpan.FromMilliseconds(interval.TotalMilliseconds * (0.5 + random.NextDouble())), ct);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            log($"docker exec probe in {container} ended after {measured} keys: {ex.Message}");
        }
    }

    /// <summary>
    /// What the rest of the class was doing while the keys slower than <paramref name="slowMs"/> waited for their echo:
    /// another learner's capture starting (an exec), another learner finishing (commands, Check, capture stop, Stop:
    /// execs and container removal), or neither; with the same shares over all keys to compare.
    /// </summary>
    private static string DescribeSlowKeys(IReadOnlyList<LearnerScript.Result> results, double slowMs)
    {
        int all = 0, allCapturing = 0, allFinishing = 0, slow = 0, slowCapturing = 0, slowFinishing = 0, slowNeither = 0;
        for (var learner = 0; learner < results.Count; learner++)
        {
            var keys = results[learner];
            for (var k = 0; k < keys.KeySentAt.Count; k++)
            {
                var from = keys.KeySentAt[k];
                var to = from + (long)(keys.RoundTrips[k] / 1000 * System.Diagnostics.Stopwatch.Frequency);
                bool Overlaps((long From, long To) span) => span.From != 0 && span.From < to && span.To > from;
                var capturing = results.Where((r, i) => i != learner).Any(r => Overlaps(r.Capturing));
                var finishing = results.Where((r, i) => i != learner).Any(r => Overlaps(r.Finishing));
                all++;
                allCapturing += capturing ? 1 : 0;
                allFinishing += finishing ? 1 : 0;
                if (keys.RoundTrips[k] > slowMs)
                {
                    slow++;
                    slowCapturing += capturing ? 1 : 0;
                    slowFinishing += finishing ? 1 : 0;
                    slowNeither += capturing || finishing ? 0 : 1;
                }
            }
        }
        static string Share(int part, int whole) => whole == 0 ? "n/a" : $"{100.0 * part / whole:0} %";
        return $"{slow} of {all} keys over {slowMs:0} ms; while another learner's capture was starting: {Share(slowCapturing, slow)} " +
            $"of them ({Share(allCapturing, all)} of all keys), while another was finishing (commands, Check, capture stop, Stop): " +
            $"{Share(slowFinishing, slow)} ({Share(allFinishing, all)}), neither: {Share(slowNeither, slow)}";
    }

    private static void AddIfMeasured(Samples samples, double value)
    {
        if (!double.IsNaN(value))
        {
            samples.Add(value);
        }
    }
}
