using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Runtime;

[Trait("Category", "EngineMatrix")]
public sealed class DockerLabRuntimeTests : IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly RuntimeFixture _fixture;

    public DockerLabRuntimeTests(RuntimeFixture fixture) => _fixture = fixture;

    private sealed class StepLog : IProgress<StartProgress>
    {
        public List<StartProgress> Steps { get; } = [];

        public void Report(StartProgress value)
        {
            lock (Steps)
            {
                Steps.Add(value);
            }
        }
    }

    [Fact]
    public async Task StartAsync_TwoNodeLab_NodesAreConfinedAndNamedAsDeclared()
    {
        var lab = TestLabs.TwoNodes(setupScriptOnA: "echo configured > /root/setup-ran\n");
        var session = SessionId.New();
        var steps = new StepLog();
        try
        {
            await _fixture.Runtime.StartAsync(new SessionSpec(session, "alice", lab), steps, CancellationToken.None);

            Assert.Contains(steps.Steps, s => s.Step == "networks" && s.Status == StepStatus.Done);
            Assert.Contains(steps.Steps, s => s.Step == "node:a" && s.Status == StepStatus.Done);
            Assert.Contains(steps.Steps, s => s.Step == "setup:a:setup-a.sh" && s.Status == StepStatus.Done);
            Assert.Equal(_fixture.Runtime.CountStartSteps(lab), steps.Steps.Count(s => s.Status == StepStatus.Done));

            // The engine's own view of the sandbox.
            var (_, json) = await DockerCli.RunAsync("inspect", LabLabels.ContainerName(session.Value, "a"));
            var container = JsonDocument.Parse(json).RootElement[0];
            var host = container.GetProperty("HostConfig");
            Assert.False(host.GetProperty("Privileged").GetBoolean());
            Assert.Equal(["ALL"], host.GetProperty("CapDrop").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["NET_ADMIN", "NET_RAW", "SETGID", "SETUID"], host.GetProperty("CapAdd").EnumerateArray().Select(e => e.GetString()).Order());
            Assert.Contains("no-new-privileges", host.GetProperty("SecurityOpt").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(128L * 1024 * 1024, host.GetProperty("Memory").GetInt64());
            Assert.Equal(64, host.GetProperty("PidsLimit").GetInt64());
            Assert.True(host.GetProperty("NanoCpus").GetInt64() > 0);
            Assert.Empty(container.GetProperty("Mounts").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, host.GetProperty("Binds").ValueKind);
            var labels = container.GetProperty("Config").GetProperty("Labels");
            Assert.Equal("alice", labels.GetProperty("netacademy.user").GetString());
            Assert.Equal(session.Value, labels.GetProperty("netacademy.session").GetString());

            var (_, netJson) = await DockerCli.RunAsync("network", "inspect", LabLabels.NetworkName(session.Value, "underlay"));
            Assert.True(JsonDocument.Parse(netJson).RootElement[0].GetProperty("Internal").GetBoolean());

            var shell = _fixture.Runtime.GetShell(session, [new NodeName("a"), new NodeName("b")]);
            var addr = await shell.RunAsync(new NodeName("a"), ["ip", "-br", "addr", "show", "underlay0"], null, Timeout, CancellationToken.None);
            Assert.Equal(0, addr.ExitCode);
            Assert.Contains("10.99.0.2/24", addr.Stdout, StringComparison.Ordinal);
            Assert.Contains("UP", addr.Stdout, StringComparison.Ordinal);

            var ping = await shell.RunAsync(new NodeName("b"), ["ping", "-c", "3", "-W", "2", "10.99.0.2"], null, Timeout, CancellationToken.None);
            Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);

            var setupRan = await shell.RunAsync(new NodeName("a"), ["cat", "/root/setup-ran"], null, Timeout, CancellationToken.None);
            Assert.Equal("configured", setupRan.Stdout.Trim());

            // Node names resolve to the lab's addresses, not the engine's hidden ones.
            var byName = await shell.RunAsync(new NodeName("b"), ["ping", "-c", "1", "-W", "2", "a"], null, Timeout, CancellationToken.None);
            Assert.True(byName.ExitCode == 0, byName.Stdout + byName.Stderr);
            Assert.Contains("(10.99.0.2)", byName.Stdout, StringComparison.Ordinal);

            var env = await shell.RunAsync(new NodeName("b"), ["printenv", "LAB_NODE"], null, Timeout, CancellationToken.None);
            Assert.Equal("b", env.Stdout.Trim());
        }
        finally
        {
            await _fixture.Runtime.StopAsync(session, CancellationToken.None);
        }
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
    }

    [Fact]
    public async Task StartAsync_TwoNetworksNamedAgainstTheEngineOrder_EachLegHasTheLabsNameAndAddress()
    {
        var lab = TestLabs.TwoNetworksSwapped();
        var session = SessionId.New();
        try
        {
            await _fixture.Runtime.StartAsync(new SessionSpec(session, "alice", lab), new StepLog(), CancellationToken.None);
            var shell = _fixture.Runtime.GetShell(session, [new NodeName("a"), new NodeName("b")]);

            foreach (var (node, iface, address) in new[] { ("a", "eth1", "10.98.1.2/24"), ("a", "eth0", "10.98.2.2/24"), ("b", "eth0", "10.98.1.3/24"), ("b", "eth1", "10.98.2.3/24") })
            {
                var shown = await shell.RunAsync(new NodeName(node), ["ip", "-br", "-4", "addr", "show", iface], null, Timeout, CancellationToken.None);
                Assert.True(shown.ExitCode == 0, shown.Stderr);
                Assert.Contains(address, shown.Stdout, StringComparison.Ordinal);
                Assert.Contains("UP", shown.Stdout, StringComparison.Ordinal);
            }

            var links = await shell.RunAsync(new NodeName("a"), ["ip", "-o", "link"], null, Timeout, CancellationToken.None);
            Assert.DoesNotContain("natmp", links.Stdout, StringComparison.Ordinal);

            // Each leg reaches the other node over its own network, and names resolve to the lab's addresses.
            foreach (var target in new[] { "10.98.1.3", "10.98.2.3" })
            {
                var ping = await shell.RunAsync(new NodeName("a"), ["ping", "-c", "1", "-W", "2", target], null, Timeout, CancellationToken.None);
                Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
            }
            var hosts = await shell.RunAsync(new NodeName("a"), ["getent", "hosts", "b.back"], null, Timeout, CancellationToken.None);
            Assert.Contains("10.98.2.3", hosts.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await _fixture.Runtime.StopAsync(session, CancellationToken.None);
        }
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
    }

    [Fact]
    public async Task StartAsync_SetupScriptFails_ThrowsWithOutputAndRemovesEverything()
    {
        var lab = TestLabs.TwoNodes(setupScriptOnA: "echo about to fail\nfalse\necho never\n", subnet: "10.97.0.0/24", prefix: "10.97.0");
        var session = SessionId.New();
        var steps = new StepLog();

        var ex = await Assert.ThrowsAsync<LabStartException>(() =>
            _fixture.Runtime.StartAsync(new SessionSpec(session, "alice", lab), steps, CancellationToken.None));

        Assert.Equal("setup:a:setup-a.sh", ex.Step);
        Assert.Contains("about to fail", ex.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("never", ex.Output, StringComparison.Ordinal);
        Assert.Contains(steps.Steps, s => s.Step == "setup:a:setup-a.sh" && s.Status == StepStatus.Failed);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
    }

    [Fact]
    public async Task StartAsync_ThreeNodes_SetupOfDifferentNodesRunsTogetherAndSetupAfterWaits()
    {
        // a's setup can only finish when b's setup reaches it while it runs, which a start that ran the nodes' setup one
        // after another (a, then b) never does; c's setup, declared after a's, checks once that a's setup is over.
        var lab = TestLabs.WithSetup(
            ("a", "timeout 15 nc -l 7001 > /root/knock\ngrep -qx knock /root/knock\n" +
                  "setsid nc -lk 7002 </dev/null >/dev/null 2>&1 &\n", []),
            ("b", "for i in $(seq 150); do echo knock | nc -N -w 1 a 7001 && exit 0; sleep 0.1; done\necho \"a's setup never listened\" >&2\nexit 1\n", []),
            ("c", "nc -z -w 2 a 7002\necho after-a > /root/order\n", ["a"]));
        var session = SessionId.New();
        var steps = new StepLog();
        try
        {
            await _fixture.Runtime.StartAsync(new SessionSpec(session, "alice", lab), steps, CancellationToken.None);

            Assert.Equal(_fixture.Runtime.CountStartSteps(lab), steps.Steps.Count(s => s.Status == StepStatus.Done));
            Assert.DoesNotContain(steps.Steps, s => s.Status is StepStatus.Failed or StepStatus.Cancelled);
            // c's setup began only after a's had ended.
            var order = steps.Steps.Select(s => (s.Step, s.Status)).ToList();
            Assert.True(order.IndexOf(("setup:a:setup-a.sh", StepStatus.Done)) < order.IndexOf(("setup:c:setup-c.sh", StepStatus.Running)), string.Join(", ", order));
            var shell = _fixture.Runtime.GetShell(session, [new NodeName("a"), new NodeName("c")]);
            Assert.Equal("knock", (await shell.RunAsync(new NodeName("a"), ["cat", "/root/knock"], null, Timeout, CancellationToken.None)).Stdout.Trim());
            Assert.Equal("after-a", (await shell.RunAsync(new NodeName("c"), ["cat", "/root/order"], null, Timeout, CancellationToken.None)).Stdout.Trim());
        }
        finally
        {
            await _fixture.Runtime.StopAsync(session, CancellationToken.None);
        }
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
    }

    [Fact]
    public async Task StartAsync_OneSetupFailsWhileAnotherRuns_CancelsTheOtherNamesTheFailedStepAndRemovesEverything()
    {
        // b's script would run until the setup time limit (20 s here) and then fail on its own: cancelled, it is
        // reported so, and the start's error is a's.
        var lab = TestLabs.WithSetup(
            ("a", "echo broken on purpose >&2\nexit 3\n", []),
            ("b", "echo waiting\nsleep 600\n", []),
            ("c", "echo never > /root/ran\n", ["b"]));
        var session = SessionId.New();
        var steps = new StepLog();

        var ex = await Assert.ThrowsAsync<LabStartException>(() =>
            _fixture.Runtime.StartAsync(new SessionSpec(session, "alice", lab), steps, CancellationToken.None));

        Assert.Equal("setup:a:setup-a.sh", ex.Step);
        Assert.Contains("failed with exit code 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("broken on purpose", ex.Output, StringComparison.Ordinal);
        Assert.Contains(steps.Steps, s => s.Step == "setup:a:setup-a.sh" && s.Status == StepStatus.Failed);
        Assert.Contains(steps.Steps, s => s.Step == "setup:b:setup-b.sh" && s.Status == StepStatus.Cancelled);
        Assert.DoesNotContain(steps.Steps, s => s.Step == "setup:c:setup-c.sh");
        Assert.Single(steps.Steps, s => s.Status == StepStatus.Failed);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
        Assert.Equal(0, await DockerCli.CountSessionVolumesAsync(session.Value));
    }

    [Fact]
    public async Task StartAsync_OneNodeCannotStart_FailsNamingThatNodeAndRemovesEveryNode()
    {
        // The engine creates the container, and its start fails: the kernel has no such sysctl to set.
        var lab = TestLabs.WithSetup(("a", null, []), ("b", null, []), ("c", "echo never > /root/ran\n", []));
        lab = lab with { Nodes = [lab.Nodes[0], lab.Nodes[1] with { Sysctls = new Dictionary<string, string> { ["net.ipv4.conf.all.no_such_setting"] = "1" } }, lab.Nodes[2]] };
        var session = SessionId.New();
        var steps = new StepLog();

        var ex = await Assert.ThrowsAsync<LabStartException>(() =>
            _fixture.Runtime.StartAsync(new SessionSpec(session, "alice", lab), steps, CancellationToken.None));

        Assert.Equal("node:b", ex.Step);
        Assert.StartsWith("Starting node b failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(steps.Steps, s => s.Step == "node:b" && s.Status == StepStatus.Failed);
        Assert.DoesNotContain(steps.Steps, s => s.Step.StartsWith("setup:", StringComparison.Ordinal));
        Assert.Single(steps.Steps, s => s.Status == StepStatus.Failed);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
    }

    [Fact]
    public async Task StartAsync_SetupScriptHangs_FailsAfterTimeoutAndRemovesEverything()
    {
        var options = new LabsOptions { Instance = _fixture.Instance, SetupTimeout = TimeSpan.FromSeconds(2) };
        var runtime = new DockerLabRuntime(_fixture.Engine, Microsoft.Extensions.Options.Options.Create(options), NullLogger<DockerLabRuntime>.Instance);
        var lab = TestLabs.TwoNodes(setupScriptOnA: "echo waiting forever\nsleep 600\n", subnet: "10.96.0.0/24", prefix: "10.96.0");
        var session = SessionId.New();

        var ex = await Assert.ThrowsAsync<LabStartException>(() =>
            runtime.StartAsync(new SessionSpec(session, "alice", lab), new StepLog(), CancellationToken.None));

        Assert.Contains("did not finish within 2 s", ex.Message, StringComparison.Ordinal);
        Assert.Contains("waiting forever", ex.Output, StringComparison.Ordinal);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
    }

    [Fact]
    public async Task StartAsync_MissingImage_FailsWithBuildHint()
    {
        var lab = TestLabs.TwoNodes(subnet: "10.95.0.0/24", prefix: "10.95.0");
        lab = lab with { Nodes = [lab.Nodes[0] with { Image = "no-such-recipe" }, lab.Nodes[1]] };
        var session = SessionId.New();

        var ex = await Assert.ThrowsAsync<LabStartException>(() =>
            _fixture.Runtime.StartAsync(new SessionSpec(session, "alice", lab), new StepLog(), CancellationToken.None));

        Assert.Contains("deploy/build-images.sh no-such-recipe", ex.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await DockerCli.CountSessionAsync(session.Value));
    }

    [Fact]
    public async Task StopAsync_UnknownSession_Succeeds()
    {
        await _fixture.Runtime.StopAsync(SessionId.New(), CancellationToken.None);
    }

    [Fact]
    public async Task ListAsync_RunningSession_IsFoundByLabels()
    {
        var lab = TestLabs.TwoNodes(subnet: "10.94.0.0/24", prefix: "10.94.0");
        var session = SessionId.New();
        try
        {
            await _fixture.Runtime.StartAsync(new SessionSpec(session, "bob", lab), new StepLog(), CancellationToken.None);

            var found = Assert.Single(await _fixture.Runtime.ListAsync(CancellationToken.None), s => s.Session == session);
            Assert.Equal("bob", found.User);
            Assert.Equal("test-two-nodes", found.Lab);
            Assert.Equal(new Dictionary<string, bool> { ["a"] = true, ["b"] = true }, found.Nodes.ToDictionary());
        }
        finally
        {
            await _fixture.Runtime.StopAsync(session, CancellationToken.None);
        }
    }
}
