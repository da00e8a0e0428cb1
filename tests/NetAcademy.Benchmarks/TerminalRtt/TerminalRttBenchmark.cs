using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Benchmarks.Infrastructure;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Testing.Runtime;

namespace NetAcademy.Benchmarks.TerminalRtt;

/// <summary>
/// <c>terminal-rtt [runs=1000] [block=50]</c>: keystroke to echo through the real server (WorkspaceHub
/// <c>Input</c> in, <c>Terminal</c> stream out, over a WebSocket on loopback) against <c>docker exec -it</c> on a
/// pty in the same run, with the runtime's own Docker exec (no web server) as a third series that splits the
/// hub's figure into its Docker part and its server part. Series alternate in blocks.
/// </summary>
public static class TerminalRttBenchmark
{
    private const string Lesson = "/courses/linux-networking/veth-pairs";
    private const string Node = "host1";

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var runs = options.Int("runs", 1000);
        var block = options.Int("block", 50);
        var instance = "bench-rtt-" + Guid.NewGuid().ToString("n")[..6];
        var machine = await MachineInfo.DescribeAsync(ct);
        var hub = new Samples("hub");
        var pty = new Samples("docker exec -it");
        var direct = new Samples("runtime exec");
        double serverCpuMsPerKey;
        double clientCpuMsPerKey;
        var leftover = new DockerLeaks.Count(0, 0, 0);
        await using (var server = await GuestServer.StartAsync(instance, null, ct))
        {
            try
            {
                await using var learner = WebLearner.Create(server.BaseAddress);
                var session = await learner.StartLabAsync(Lesson, ct);
                await learner.ConnectAsync(ct);
                await learner.WaitForStateAsync("Ready", TimeSpan.FromMinutes(3), ct);
                Console.Error.WriteLine($"[{MachineInfo.Uptime()}] session {session} ready on {server.BaseAddress}");

                await using var hubTerminal = await learner.OpenTerminalAsync(Node, ct);
                await using var ptyTerminal = PtyTerminal.Start(LabLabels.ContainerName(session, Node));
                using var docker = TestRuntime.CreateEngine();
                var runtime = new DockerLabRuntime(docker, Options.Create(new LabsOptions { Instance = instance }), NullLogger<DockerLabRuntime>.Instance);
                await using var runtimeTerminal = new RuntimeTerminal(await runtime.OpenTerminalAsync(SessionId.Parse(session), new NodeName(Node), new TerminalSize(80, 24), ct));
                var series = new (IEchoTerminal Terminal, Samples Samples)[] { (hubTerminal, hub), (ptyTerminal, pty), (runtimeTerminal, direct) };
                foreach (var (terminal, _) in series)
                {
                    await EchoProbe.WaitForAsync(terminal, "# ", TimeSpan.FromSeconds(30), ct);
                    await EchoProbe.ResetLineAsync(terminal, ct);
                    // Warm-up, not counted: JIT, first WebSocket frames, readline's first redraw.
                    for (var i = 0; i < 40; i++)
                    {
                        await EchoProbe.RoundTripAsync(terminal, i, ct);
                    }
                }

                var serverMeter = new ProcessMeter(server.Pid);
                var selfMeter = new ProcessMeter(Environment.ProcessId);
                double serverCpu = 0, clientCpu = 0;
                for (var done = 0; done < runs; done += block)
                {
                    var count = Math.Min(block, runs - done);
                    foreach (var (terminal, samples) in series)
                    {
                        await EchoProbe.ResetLineAsync(terminal, ct);
                        var serverBefore = serverMeter.Read();
                        var selfBefore = selfMeter.Read();
                        for (var i = 0; i < count; i++)
                        {
                            samples.Add(await EchoProbe.RoundTripAsync(terminal, i + 1, ct));
                        }
                        if (samples == hub)
                        {
                            serverCpu += serverMeter.Read().CpuSeconds - serverBefore.CpuSeconds;
                            clientCpu += selfMeter.Read().CpuSeconds - selfBefore.CpuSeconds;
                        }
                    }
                    Console.Error.Write($"\r{Math.Min(done + block, runs)}/{runs}  hub p50 {Samples.Format(hub.Median)} ms  pty p50 {Samples.Format(pty.Median)} ms   ");
                }
                Console.Error.WriteLine();
                serverCpuMsPerKey = serverCpu * 1000 / hub.Count;
                clientCpuMsPerKey = clientCpu * 1000 / hub.Count;
                await learner.InvokeAsync("Stop", [session], ct);
                await learner.WaitForStateAsync("Stopped", TimeSpan.FromMinutes(1), ct);
            }
            finally
            {
                leftover = await DockerLeaks.CountAsync(instance, CancellationToken.None);
                await DockerLeaks.RemoveAsync(instance, CancellationToken.None);
            }
        }

        var table = ReportFile.Table(
            ["path", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms", "p50 vs docker exec -it", "p99 vs docker exec -it"],
            new[] { hub, direct, pty }.Select(s => (IReadOnlyList<string>)[s.Name, s.Count.ToString(CultureInfo.InvariantCulture),
                Samples.Format(s.Median), Samples.Format(s.P95), Samples.Format(s.P99), Samples.Format(s.Max),
                Samples.Ratio(s.Median, pty.Median), Samples.Ratio(s.P99, pty.P99)]));
        var verdict = $"Target p50 ≤ 5 ms: {(hub.Median <= 5 ? "met" : "missed")} ({Samples.Format(hub.Median)} ms); " +
            $"p99 ≤ 20 ms: {(hub.P99 <= 20 ? "met" : "missed")} ({Samples.Format(hub.P99)} ms).";
        var section = new StringBuilder()
            .AppendLine("## terminal-rtt: keystroke to echo, through the workspace hub")
            .AppendLine()
            .AppendLine("```")
            .AppendLine($"dotnet run --project tests/NetAcademy.Benchmarks -c Release -- terminal-rtt {options}".TrimEnd())
            .AppendLine("```")
            .AppendLine()
            .AppendLine($"Machine: {machine}. Server: {Path.GetRelativePath(RepositoryPaths.Root, RepositoryPaths.WebDll)} on loopback, commit {await MachineInfo.CommitAsync(ct)}.")
            .AppendLine()
            .AppendLine("One guest learner starts the veth-pairs lab through the lesson page's Start form, connects to `/hubs/workspace` " +
                "(SignalR JSON protocol over a WebSocket) and opens the `Terminal` stream of `host1`. A round trip is one printable " +
                "character sent with `Input` until its echo arrives on the stream. Baseline: the same keystroke into " +
                "`docker exec -it na-SESSION-host1 bash -l` under `script(1)` (a pty, as at the host's shell). The third row is " +
                "the lab runtime's own TTY exec opened from the benchmark process (Docker API, no web server), so hub − runtime exec " +
                $"is the server's share. The series alternate in blocks of {block}, after 40 uncounted keystrokes each.")
            .AppendLine()
            .Append(table)
            .AppendLine()
            .AppendLine(verdict)
            .AppendLine()
            .AppendLine($"CPU per keystroke through the hub (from /proc/PID/stat over the hub blocks): server {serverCpuMsPerKey:0.00} ms, " +
                $"benchmark client {clientCpuMsPerKey:0.00} ms. Left after stopping the session: {leftover}.");
        Console.WriteLine(section);
        await ReportFile.WriteSectionAsync("terminal-rtt", section.ToString(), ct);
        return leftover.Containers == 0 && leftover.Networks == 0 ? 0 : 1;
    }
}
