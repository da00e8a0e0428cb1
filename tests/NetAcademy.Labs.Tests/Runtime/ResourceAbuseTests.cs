using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Kernel;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Sessions;
using NetAcademy.Labs.Sessions;
using NetAcademy.Labs.Tests.Support;
using Xunit.Abstractions;

namespace NetAcademy.Labs.Tests.Runtime;

/// <summary>
/// What a learner can do to the machine from inside their node: a fork bomb must stop at the node's
/// pids limit while other sessions and this process stay responsive; a memory hog must be killed by the
/// kernel at the node's memory limit and the learner told why. Timing figures go to the test output.
/// Runs alone (its own non-parallel collection): the bomb loads the machine on purpose, which would make
/// other tests' timeouts flaky and this test's figures noisy.
/// </summary>
[Collection(nameof(ResourceAbuseTests))]
public sealed class ResourceAbuseTests : IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly NodeName A = new("a");
    private readonly RuntimeFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ResourceAbuseTests(RuntimeFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task ForkBomb_InNodeWithPidsLimit_StaysWithinLimitWhileOthersRespond()
    {
        const int pidsLimit = 64;
        var bombLab = SessionHarness.OneNode("abuse-bomb", pids: pidsLimit);
        var neighbourLab = SessionHarness.OneNode("abuse-neighbour");
        var bomb = SessionId.New();
        var neighbour = SessionId.New();
        try
        {
            await _fixture.Runtime.StartAsync(new SessionSpec(bomb, "mallory", bombLab), new Progress<StartProgress>(), CancellationToken.None);
            await _fixture.Runtime.StartAsync(new SessionSpec(neighbour, "alice", neighbourLab), new Progress<StartProgress>(), CancellationToken.None);
            var bombShell = _fixture.Runtime.GetShell(bomb, [A]);
            var neighbourShell = _fixture.Runtime.GetShell(neighbour, [A]);
            var pidsFile = await HostPidsFileAsync(LabLabels.ContainerName(bomb.Value, "a"));
            var baseline = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                baseline.Add(await RoundTripAsync(neighbourShell));
            }

            // The classic bomb, bounded twice: timeout ends the first shell, and every copy stops
            // forking after 10 s, so the node calms down by itself rather than only when removed.
            var started = await bombShell.RunAsync(A,
                ["timeout", "10", "bash", "-c", "exec >/dev/null 2>&1; end=$((SECONDS+10)); f(){ ((SECONDS<end)) || exit 0; f | f & }; f; exit 0"],
                null, Timeout, CancellationToken.None);
            Assert.Equal(0, started.ExitCode);

            var pids = new List<int>();
            var neighbourLatency = new List<double>();
            var selfLag = new List<double>();
            var bombedExecFailures = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(8))
            {
                pids.Add(int.Parse(File.ReadAllText(pidsFile).Trim(), CultureInfo.InvariantCulture));
                neighbourLatency.Add(await RoundTripAsync(neighbourShell));
                var lag = Stopwatch.StartNew();
                await Task.Delay(50);
                selfLag.Add(lag.Elapsed.TotalMilliseconds - 50);
                try
                {
                    var inside = await bombShell.RunAsync(A, ["true"], null, TimeSpan.FromSeconds(5), CancellationToken.None);
                    bombedExecFailures += inside.ExitCode == 0 ? 0 : 1;
                }
                catch (Exception ex) when (ex is NetAcademy.Core.Runtime.LabRuntimeException)
                {
                    bombedExecFailures++;
                }
            }

            _output.WriteLine($"pids in the bombed node: max {pids.Max()} of limit {pidsLimit} ({pids.Count} samples, {pids.Count(p => p >= pidsLimit - 2)} at the limit)");
            _output.WriteLine($"neighbour exec round trip: baseline p50 {Percentile(baseline, 50):0} ms; during bomb p50 {Percentile(neighbourLatency, 50):0} ms, p95 {Percentile(neighbourLatency, 95):0} ms, max {neighbourLatency.Max():0} ms");
            _output.WriteLine($"test process timer lag during bomb: p50 {Percentile(selfLag, 50):0.0} ms, max {selfLag.Max():0.0} ms");
            _output.WriteLine($"execs into the bombed node refused or failed: {bombedExecFailures} of {pids.Count}");
            Assert.True(pids.Max() <= pidsLimit, $"the node ran {pids.Max()} processes, over its limit of {pidsLimit}");
            Assert.True(pids.Max() >= pidsLimit / 2, $"the bomb never got going (max {pids.Max()} processes)");
            Assert.True(neighbourLatency.Max() < 5000, $"another session's node took {neighbourLatency.Max():0} ms to answer");
            Assert.True(selfLag.Max() < 5000, $"the test process stalled for {selfLag.Max():0} ms");

            // Afterwards the node is usable again without any intervention.
            var recovered = await WaitForAsync(async () => (await bombShell.RunAsync(A, ["true"], null, TimeSpan.FromSeconds(5), CancellationToken.None)).ExitCode == 0,
                TimeSpan.FromSeconds(60));
            _output.WriteLine($"bombed node answers again {recovered.TotalSeconds:0.0} s after the sampling window");
        }
        finally
        {
            await _fixture.Runtime.StopAsync(bomb, CancellationToken.None);
            await _fixture.Runtime.StopAsync(neighbour, CancellationToken.None);
        }
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(bomb.Value));
    }

    [Fact]
    public async Task MemoryHog_InSmallNode_IsOomKilledAndSessionToldWhy()
    {
        var lab = SessionHarness.OneNode("abuse-oom", memoryMiB: 128);
        await using var harness = new SessionHarness(_fixture, labs: [lab]);
        var session = await harness.Manager.StartAsync("mallory", lab.Id, CancellationToken.None);
        await SessionHarness.WaitReadyAsync(session);
        using var watcher = new NodeEventWatcher(harness.Runtime, harness.Manager, NullLogger<NodeEventWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            // Let the watcher's event stream open before the event it should see.
            await Task.Delay(1000);
            var shell = harness.Manager.Shell(session);

            var hog = await shell.RunAsync(A, ["python3", "-c", "a = bytearray(512 * 1024 * 1024)"], null, Timeout, CancellationToken.None);

            Assert.Equal(137, hog.ExitCode);
            var control = await shell.RunAsync(A, ["grep", "^oom_kill ", "/sys/fs/cgroup/memory/memory.oom_control"], null, Timeout, CancellationToken.None);
            Assert.Equal("oom_kill 1\n", control.Stdout);
            const string notice = "A process on a was killed: out of memory (limit 128 MiB).";
            await WaitForAsync(() => Task.FromResult(session.Snapshot().Notices.Contains(notice)), TimeSpan.FromSeconds(10));
            Assert.Equal([notice], session.Snapshot().Notices);
            // Only the process died; the node and its session carry on.
            Assert.Equal(0, (await shell.RunAsync(A, ["true"], null, Timeout, CancellationToken.None)).ExitCode);
            Assert.Equal(NetAcademy.Labs.Sessions.SessionState.Ready, session.State);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<double> RoundTripAsync(INodeShell shell)
    {
        var clock = Stopwatch.StartNew();
        var result = await shell.RunAsync(A, ["true"], null, Timeout, CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private async Task<string> HostPidsFileAsync(string container)
    {
        var id = (await DockerCli.LinesAsync("inspect", "--format", "{{.Id}}", container)).Single();
        var path = $"/sys/fs/cgroup/pids/docker/{id}/pids.current";
        Assert.True(File.Exists(path), $"cgroup v1 pids file {path} is not visible from the test process");
        return path;
    }

    private static async Task<TimeSpan> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"still not true after {timeout.TotalSeconds} s");
            await Task.Delay(200);
        }
        return clock.Elapsed;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Runs <see cref="ResourceAbuseTests"/> after all parallel tests, on its own.</summary>
[CollectionDefinition(nameof(ResourceAbuseTests), DisableParallelization = true)]
public sealed class ResourceAbuseCollection;
