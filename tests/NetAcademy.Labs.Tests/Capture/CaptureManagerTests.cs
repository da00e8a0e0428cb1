using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Capture;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;
using NetAcademy.Packets.Capture;
using NetAcademy.Packets.Decoding;
using NetAcademy.Packets.Formatting;
using Xunit.Abstractions;

namespace NetAcademy.Labs.Tests.Capture;

/// <summary>
/// Live captures in real lab nodes: node a (NET_ADMIN, NET_RAW, SYS_ADMIN, 10.97.41.2 on underlay0) and node b
/// (10.97.41.3 on eth0), started once for the class.
/// </summary>
[Trait("Category", "EngineMatrix")]
public sealed class CaptureManagerTests : IClassFixture<RuntimeFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly NodeName A = new("a");
    private static readonly NodeName B = new("b");
    private readonly RuntimeFixture _fixture;
    private readonly ITestOutputHelper _output;
    private readonly SessionId _session = SessionId.New();
    private INodeShell _shell = null!;
    private CaptureManager _captures = null!;

    public CaptureManagerTests(RuntimeFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        var dir = Directory.CreateTempSubdirectory("netacademy-capture-lab-").FullName;
        var network = new LabNetwork(new NetworkName("underlay"), "10.97.41.0/24",
        [
            new NetworkAttachment(A, "underlay0", "10.97.41.2"),
            new NetworkAttachment(B, "eth0", "10.97.41.3"),
        ]);
        var lab = new Lab(new LabId("test-capture"), "Capture", "test",
            [TestLabs.Node("a", caps: [Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_ADMIN]), TestLabs.Node("b")],
            [network], [], [], LabLimits.Default, dir);
        await _fixture.Runtime.StartAsync(new SessionSpec(_session, "alice", lab), new Progress<StartProgress>(), CancellationToken.None);
        _shell = _fixture.Runtime.GetShell(_session, [A, B]);
        _captures = NewManager(new CaptureOptions());
    }

    public async Task DisposeAsync()
    {
        await _captures.DisposeAsync();
        await _fixture.Runtime.StopAsync(_session, CancellationToken.None);
    }

    private CaptureManager NewManager(CaptureOptions options) =>
        new(_fixture.Runtime, Options.Create(options), TimeProvider.System, NullLogger<CaptureManager>.Instance);

    private CaptureRequest Request(NodeName node, string iface, string? filter = null, string? netns = null) =>
        new(_session, [A, B], node, netns, iface, filter);

    private Task<ExecResult> Run(NodeName node, params string[] argv) => _shell.RunAsync(node, argv, null, Timeout, CancellationToken.None);

    /// <summary>Collects a capture's events in the background.</summary>
    private sealed class Collector
    {
        private readonly List<CaptureEvent> _events = [];
        private readonly CancellationTokenSource _stop = new();

        public Collector(CaptureSession capture) => Task = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in capture.SubscribeAsync(0, _stop.Token))
                {
                    lock (_events)
                    {
                        _events.Add(item);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        public Task Task { get; }

        public List<CaptureEvent> Events { get { lock (_events) { return _events.ToList(); } } }

        public List<CapturedPacket> Packets => Events.Where(e => e.Kind == CaptureEventKind.Packet).Select(e => e.Packet!).ToList();

        public async Task WaitForAsync(Func<Collector, bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!condition(this))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Timed out waiting for {what}; saw:\n{string.Join('\n', Packets.Select(p => p.Summary))}");
                }
                await System.Threading.Tasks.Task.Delay(100);
            }
        }

        public void Cancel() => _stop.Cancel();
    }

    private static int CountIcmp(byte[] pcap, byte icmpType)
    {
        var reader = new CaptureBufferReader(pcap);
        var layers = new LayerStack();
        var count = 0;
        while (reader.TryReadNext(out var record))
        {
            PacketDecoder.Decode(record.Data.Span, record.LinkType, ref layers);
            var icmp = layers.IndexOf(LayerKind.Icmp);
            if (icmp >= 0 && layers[icmp].IcmpType == icmpType)
            {
                count++;
            }
        }
        return count;
    }

    [Fact]
    public async Task StartAsync_PingBetweenNodes_RowsShowEchoRequestsAndRepliesAndPcapHasThem()
    {
        var capture = await _captures.StartAsync(Request(B, "eth0", "icmp"), CancellationToken.None);
        var events = new Collector(capture);
        try
        {
            var ping = await Run(A, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.97.41.3");
            Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
            await events.WaitForAsync(c => c.Packets.Count >= 6, "six ICMP rows");

            var rows = events.Packets;
            Assert.Equal(3, rows.Count(r => r.Summary.StartsWith("IPv4 10.97.41.2 > 10.97.41.3 / ICMP echo request", StringComparison.Ordinal)));
            Assert.Equal(3, rows.Count(r => r.Summary.StartsWith("IPv4 10.97.41.3 > 10.97.41.2 / ICMP echo reply", StringComparison.Ordinal)));
            var first = rows[0];
            Assert.Equal(("b", null, "eth0", 98), (first.Node, first.Netns, first.Interface, first.Length));
            Assert.Equal(["Ethernet", "IPv4", "Icmp"], first.Layers.Select(l => l.Kind));
            Assert.Contains(first.Fields, f => f.Name == "ip.src" && f.Value == "10.97.41.2");
            Assert.Equal(98, first.Data.Length);
            Assert.Equal([1L, 2, 3, 4, 5, 6], rows.Take(6).Select(r => r.Number));

            var pcap = capture.ToPcap();
            Assert.Equal(3, CountIcmp(pcap, 8));
            Assert.Equal(3, CountIcmp(pcap, 0));
            Assert.Equal(CaptureState.Running, capture.State);
        }
        finally
        {
            await _captures.StopAsync(_session, capture.Id, CancellationToken.None);
        }
        await events.Task.WaitAsync(Timeout);
        Assert.Equal(CaptureState.Stopped, events.Events[^1].Status?.State);
    }

    [Fact]
    public async Task BoundedCapture_UnderAFlood_KeepsItsFirstPacketsStopsAndLeavesNothing()
    {
        // A traffic check's capture: the table's path with a packet bound, here far below what the flood sends.
        var captures = new BoundedCaptures(Options.Create(new CaptureOptions()), TimeProvider.System, NullLogger<BoundedCaptures>.Instance);
        var capture = await captures.StartAsync(_shell, new NodeCaptureSpec(B, null, "eth0", TimeSpan.FromSeconds(20), 50, 512, Timeout), CancellationToken.None);
        NodeCaptureResult result;
        await using (capture)
        {
            var flood = await Run(A, "ping", "-f", "-q", "-c", "3000", "10.97.41.3");
            Assert.True(flood.ExitCode == 0, flood.Stdout + flood.Stderr);
            result = await capture.FinishAsync(CancellationToken.None);
        }

        Assert.Null(result.Error);
        Assert.True(result.Truncated);
        var reader = new CaptureBufferReader(result.Pcap);
        var packets = 0;
        while (reader.TryReadNext(out var record))
        {
            packets++;
            Assert.True(record.Data.Length <= 512);
        }
        Assert.Equal(50, packets);
        // The program got its TERM before FinishAsync returned; give it a moment to exit.
        var left = await Run(B, "sh", "-c", "for i in $(seq 50); do n=$(for p in /proc/[0-9]*; do cat $p/comm; done 2>/dev/null | grep -cx 'timeout\\|tcpdump'); [ \"$n\" = 0 ] && break; sleep 0.1; done; echo $n");
        Assert.Equal("0", left.Stdout.Trim());
    }

    [Fact]
    public async Task StartAsync_InNetns_CapturesInsideTheNamespace()
    {
        var setup = await _shell.RunAsync(A, ["sh", "-c",
            "ip netns add red && ip link add veth-host type veth peer name veth-red && ip link set veth-red netns red"
            + " && ip addr add 192.168.77.1/24 dev veth-host && ip link set veth-host up"], null, Timeout, CancellationToken.None);
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        var inside = await _shell.RunAsync(A, ["sh", "-c", "ip addr add 192.168.77.2/24 dev veth-red && ip link set veth-red up && ip link set lo up"], "red", Timeout, CancellationToken.None);
        Assert.True(inside.ExitCode == 0, inside.Stderr);

        var capture = await _captures.StartAsync(Request(A, "veth-red", "icmp", netns: "red"), CancellationToken.None);
        var events = new Collector(capture);
        try
        {
            var ping = await Run(A, "ping", "-c", "3", "-i", "0.2", "-W", "2", "192.168.77.2");
            Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
            await events.WaitForAsync(c => c.Packets.Count >= 6, "six ICMP rows in netns red");

            Assert.All(events.Packets, p => Assert.Equal(("a", "red", "veth-red"), (p.Node, p.Netns, p.Interface)));
            Assert.Equal(3, events.Packets.Count(r => r.Summary.Contains("192.168.77.1 > 192.168.77.2 / ICMP echo request", StringComparison.Ordinal)));
            Assert.Equal(3, events.Packets.Count(r => r.Summary.Contains("192.168.77.2 > 192.168.77.1 / ICMP echo reply", StringComparison.Ordinal)));
        }
        finally
        {
            await _captures.StopAsync(_session, capture.Id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task StartAsync_MissingInterfaceOrNetns_FailsWithAClearMessage()
    {
        var ex = await Assert.ThrowsAsync<CaptureException>(() => _captures.StartAsync(Request(B, "eth9"), CancellationToken.None));
        Assert.Equal("b has no interface eth9.", ex.Message);

        var netns = await Assert.ThrowsAsync<CaptureException>(() => _captures.StartAsync(Request(B, "eth0", netns: "nosuchns"), CancellationToken.None));
        Assert.Equal("b has no network namespace nosuchns.", netns.Message);

        var node = await Assert.ThrowsAsync<CaptureException>(() => _captures.StartAsync(Request(new NodeName("c"), "eth0"), CancellationToken.None));
        Assert.Contains("no node c", node.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_captures.ForSession(_session), c => c.IsActive);
    }

    [Theory]
    [InlineData("icmp; touch /tmp/pwned")]
    [InlineData("$(touch /tmp/pwned)")]
    [InlineData("`touch /tmp/pwned`")]
    [InlineData("icmp && touch /tmp/pwned")]
    [InlineData("-w /tmp/pwned")]
    public async Task StartAsync_FilterWithShellMetacharacters_TcpdumpRejectsItAndNothingRuns(string filter)
    {
        var ex = await Assert.ThrowsAsync<CaptureException>(() => _captures.StartAsync(Request(B, "eth0", filter), CancellationToken.None));

        Assert.StartsWith("The capture filter is not valid: ", ex.Message, StringComparison.Ordinal);
        _output.WriteLine($"{filter} -> {ex.Message}");
        var exists = await Run(B, "test", "-e", "/tmp/pwned");
        Assert.Equal(1, exists.ExitCode);
    }

    [Fact]
    public async Task StartAsync_BadFilterSyntax_SurfacesTcpdumpsSyntaxError()
    {
        var ex = await Assert.ThrowsAsync<CaptureException>(() => _captures.StartAsync(Request(B, "eth0", "icmp and and"), CancellationToken.None));

        Assert.Contains("syntax error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_RunningCapture_LeavesNoCaptureProcessInTheNode()
    {
        var capture = await _captures.StartAsync(Request(B, "eth0", "udp port 9"), CancellationToken.None);
        var before = await Run(B, "ps", "-eo", "comm=");
        Assert.Contains("timeout", before.Stdout, StringComparison.Ordinal);

        // No packet matches the filter, so only the kill by PID can end the program.
        await _captures.StopAsync(_session, capture.Id, CancellationToken.None);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string left;
        do
        {
            await Task.Delay(200);
            left = (await Run(B, "ps", "-eo", "comm=")).Stdout;
        }
        while (CaptureProcesses(left) && DateTime.UtcNow < deadline);
        Assert.False(CaptureProcesses(left), left);
        Assert.Equal(CaptureState.Stopped, capture.State);
        await capture.Completion.WaitAsync(Timeout);
    }

    [Fact]
    public async Task StopAsync_ThenTheSessionEnds_KillsTheProgramOnce()
    {
        var runtime = new KillCountingRuntime(_fixture.Runtime);
        var manager = new CaptureManager(runtime, Options.Create(new CaptureOptions()), TimeProvider.System, NullLogger<CaptureManager>.Instance);
        var capture = await manager.StartAsync(Request(B, "eth0", "udp port 9"), CancellationToken.None);

        await manager.StopAsync(_session, capture.Id, CancellationToken.None);
        await manager.EndSessionAsync(_session, CancellationToken.None);

        // The session's end finds the capture stopped already: its kill (a program run in the node) is not run again.
        Assert.Equal(1, runtime.Kills);
        Assert.Equal(CaptureState.Stopped, capture.State);
    }

    private static bool CaptureProcesses(string ps) =>
        ps.Split('\n').Any(l => l.Trim() is "tcpdump" or "timeout" or "python3");

    [Fact]
    public async Task StartAsync_BeyondTheLimit_FailsUntilOneStops()
    {
        var manager = NewManager(new CaptureOptions { MaxCapturesPerSession = 2 });
        try
        {
            var one = await manager.StartAsync(Request(A, "underlay0", "udp port 9"), CancellationToken.None);
            await manager.StartAsync(Request(B, "eth0", "udp port 9"), CancellationToken.None);

            var ex = await Assert.ThrowsAsync<CaptureException>(() => manager.StartAsync(Request(B, "lo"), CancellationToken.None));
            Assert.Contains("2 captures are already running", ex.Message, StringComparison.Ordinal);

            await manager.StopAsync(_session, one.Id, CancellationToken.None);
            var third = await manager.StartAsync(Request(B, "lo"), CancellationToken.None);
            Assert.Equal(CaptureState.Running, third.State);
            Assert.NotNull(manager.Find(_session, one.Id));
            Assert.Null(manager.Find(SessionId.New(), one.Id));
        }
        finally
        {
            await manager.EndSessionAsync(_session, CancellationToken.None);
        }
        Assert.Empty(manager.ForSession(_session));
    }

    [Fact]
    public async Task Capture_Flood_SamplesWithAggregatesAndMemoryStaysBounded()
    {
        const long bound = 32L * 1024 * 1024;
        var manager = NewManager(new CaptureOptions());
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
        var capture = await manager.StartAsync(Request(B, "eth0"), CancellationToken.None);
        var events = new Collector(capture);
        // A page that never reads: its queue must stay bounded.
        using var stalled = new CancellationTokenSource();
        var stalledEnumerator = capture.SubscribeAsync(0, stalled.Token).GetAsyncEnumerator(stalled.Token);
        try
        {
            var flood = await _shell.RunAsync(A, ["ping", "-f", "-q", "-s", "1200", "-w", "8", "10.97.41.3"], null, Timeout, CancellationToken.None);
            _output.WriteLine(flood.Stdout);
            await Task.Delay(1500);

            var info = capture.Info();
            var reports = events.Events.Where(e => e.Kind == CaptureEventKind.Sampling && e.Sampling!.PacketsPerSecond > 0).Select(e => e.Sampling!).ToList();
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetAfter = Process.GetCurrentProcess().WorkingSet64;
            _output.WriteLine($"packets {info.Packets}, rows {events.Packets.Count}, stored {info.StoredPackets}, dropped from ring {info.DroppedPackets}");
            _output.WriteLine($"managed heap {heapBefore / 1048576.0:F1} -> {heapAfter / 1048576.0:F1} MiB (+{(heapAfter - heapBefore) / 1048576.0:F1}); working set {workingSetBefore / 1048576.0:F1} -> {workingSetAfter / 1048576.0:F1} MiB");
            foreach (var report in reports)
            {
                _output.WriteLine($"{report.Message}; top flow: {report.Flows.FirstOrDefault()}");
            }

            Assert.True(info.Packets > 5000, $"only {info.Packets} packets in the flood");
            Assert.NotEmpty(reports);
            Assert.Contains(reports, r => r.PacketsPerSecond > 200 && r.ShownPerSecond == 200
                && r.Flows.Any(f => f.Flow.Contains("10.97.41.2 > 10.97.41.3 ICMP", StringComparison.Ordinal)));
            Assert.Matches(@"^sampling: \d+ pkt/s, showing 200/s$", reports[0].Message);
            // Rows are limited to 200 per second whatever the packet rate (the flood lasted ~8 s plus slack).
            Assert.True(events.Packets.Count <= 200 * 12, $"{events.Packets.Count} rows");
            Assert.True(heapAfter - heapBefore < bound, $"managed heap grew by {(heapAfter - heapBefore) / 1048576.0:F1} MiB");
            Assert.True(CountIcmp(capture.ToPcap(), 8) > 1000);
        }
        finally
        {
            await stalledEnumerator.DisposeAsync();
            await manager.DisposeAsync();
        }
    }

    [Fact]
    public async Task StartAsync_TcpdumpModeWhereItCanSwitchUser_CapturesWithTcpdump()
    {
        // Lab nodes lack CAP_SETGID, without which tcpdump will not run; this container has it.
        var session = SessionId.New();
        var name = LabLabels.ContainerName(session.Value, "t");
        var (code, output) = await DockerCli.RunAsync("run", "-d", "--name", name, "--network", "none",
            "--label", "netacademy.test=1", "--label", $"netacademy.session={session.Value}", "--label", $"netacademy.instance={_fixture.Instance}",
            "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--cap-add", "SETGID",
            "--security-opt", "no-new-privileges", "netacademy/base:latest", "sleep", "300");
        Assert.True(code == 0, output);
        var manager = NewManager(new CaptureOptions { Mode = CaptureMode.Tcpdump });
        try
        {
            var capture = await manager.StartAsync(new CaptureRequest(session, [new NodeName("t")], new NodeName("t"), null, "lo", "icmp"), CancellationToken.None);
            Assert.Equal(CaptureMode.Tcpdump, capture.Mode);
            var events = new Collector(capture);
            var (pingCode, pingOutput) = await DockerCli.RunAsync("exec", name, "ping", "-c", "3", "-i", "0.2", "127.0.0.1");
            Assert.True(pingCode == 0, pingOutput);
            await events.WaitForAsync(c => c.Packets.Count >= 6, "six ICMP rows from tcpdump");
            Assert.Equal(3, events.Packets.Count(p => p.Summary.Contains("ICMP echo request", StringComparison.Ordinal)));

            await manager.StopAsync(session, capture.Id, CancellationToken.None);
            await Task.Delay(500);
            var (_, ps) = await DockerCli.RunAsync("exec", name, "ps", "-eo", "comm=");
            Assert.False(CaptureProcesses(ps), ps);
        }
        finally
        {
            await manager.DisposeAsync();
            await DockerCli.RunAsync("rm", "-f", name);
        }
    }
    /// <summary>The real runtime, counting the capture kills its shells run.</summary>
    private sealed class KillCountingRuntime(ILabRuntime inner) : ILabRuntime
    {
        private int _kills;

        public int Kills => Volatile.Read(ref _kills);

        public Task StartAsync(SessionSpec spec, IProgress<StartProgress> progress, CancellationToken cancellationToken) => inner.StartAsync(spec, progress, cancellationToken);

        public int CountStartSteps(Lab lab) => inner.CountStartSteps(lab);

        public Task StopAsync(SessionId session, CancellationToken cancellationToken) => inner.StopAsync(session, cancellationToken);

        public Task ClaimAsync(SessionId session, string user, CancellationToken cancellationToken) => inner.ClaimAsync(session, user, cancellationToken);

        public Task<IReadOnlyList<RuntimeSessionInfo>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public INodeShell GetShell(SessionId session, IReadOnlyCollection<NodeName> nodes) => new Shell(inner.GetShell(session, nodes), this);

        public Task<INodeTerminal> OpenTerminalAsync(SessionId session, NodeName node, TerminalSize size, CancellationToken cancellationToken) =>
            inner.OpenTerminalAsync(session, node, size, cancellationToken);

        public Task<IReadOnlyList<SessionNetworkInfo>> ReadSessionNetworksAsync(SessionId session, Lab lab, CancellationToken cancellationToken) =>
            inner.ReadSessionNetworksAsync(session, lab, cancellationToken);

        private sealed class Shell(INodeShell shell, KillCountingRuntime owner) : INodeShell
        {
            public Task<ExecResult> RunAsync(NodeName node, IReadOnlyList<string> argv, string? netns, TimeSpan timeout, CancellationToken cancellationToken)
            {
                if (argv.Count == 5 && argv[2] == CaptureCommands.Kill(0)[2])
                {
                    Interlocked.Increment(ref owner._kills);
                }
                return shell.RunAsync(node, argv, netns, timeout, cancellationToken);
            }

            public Task<INodeProcess> StartAsync(NodeName node, IReadOnlyList<string> argv, string? netns, bool withInput, CancellationToken cancellationToken) =>
                shell.StartAsync(node, argv, netns, withInput, cancellationToken);
        }
    }
}
