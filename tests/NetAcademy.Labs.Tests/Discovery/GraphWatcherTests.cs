using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Sessions;
using NetAcademy.Testing.Runtime;
using NetAcademy.Labs.Tests.Support;
using Xunit.Abstractions;

namespace NetAcademy.Labs.Tests.Discovery;

/// <summary>
/// The watcher against real containers: a two-node session (a, b on one internal network) started through the
/// <see cref="SessionManager"/> over the platform's own runtime (nodes may use <c>ip netns</c>: SYS_ADMIN, as labs
/// that need it declare); changes are made with <c>docker exec</c> and must reach the graph stream. The backstop
/// poll is set to 60 s, so anything seen sooner came through the netlink monitors.
/// </summary>
[Trait("Category", "EngineMatrix")]
public sealed class GraphWatcherTests : IAsyncLifetime
{
    // Well under the 60 s poll, so an update that arrives came from the monitors; generous, because the suite runs
    // other engine tests at the same time on small machines (15 s was missed once on each matrix engine).
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);
    private static readonly NodeName A = new("a");
    private static readonly NodeName B = new("b");

    private readonly ITestOutputHelper _output;
    private readonly LabsOptions _options = new() { Instance = "test-graph-" + Guid.NewGuid().ToString("n")[..8] };
    private readonly ServiceProvider _services;
    private readonly ILabRuntime _runtime;
    private readonly Lab _lab = TestLabs.TwoNodes(subnet: "10.97.0.0/24", prefix: "10.97.0", caps: [Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_ADMIN]);
    private SessionManager _sessions = null!;
    private GraphWatcher _watcher = null!;
    private LabSession _session = null!;

    public GraphWatcherTests(ITestOutputHelper output)
    {
        _output = output;
        _services = TestRuntime.Build(_options.Instance);
        _runtime = _services.GetRequiredService<ILabRuntime>();
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _sessions = new SessionManager(_runtime, new OneLab(_lab), Options.Create(_options),
            TimeProvider.System, NullLogger<SessionManager>.Instance);
        var graphOptions = Options.Create(new GraphWatcherOptions { PollInterval = TimeSpan.FromSeconds(60) });
        _watcher = new GraphWatcher(_sessions, new SessionGraphReader(_runtime, graphOptions, NullLogger<SessionGraphReader>.Instance),
            graphOptions, NullLogger<GraphWatcher>.Instance);
        _session = await _sessions.StartAsync("alice", _lab.Id, CancellationToken.None);
        await Until(() => _session.State is SessionState.Ready or SessionState.Failed, TimeSpan.FromSeconds(90));
        Assert.True(_session.State == SessionState.Ready, _session.Snapshot().Error);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync();
        }
        if (_sessions is not null)
        {
            await _sessions.StopAllAsync("test over", CancellationToken.None);
        }
        // Safety net: whatever a failed start left behind under this test's instance.
        await DockerCli.RemoveInstanceAsync(_options.Instance);
        await _services.DisposeAsync();
    }

    private async Task Exec(NodeName node, string script)
    {
        var result = await _runtime.GetShell(_session.Id, _session.NodeNames).RunAsync(node, ["sh", "-ec", script], null, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"{script} failed: {result.Stderr}");
    }

    private async Task<int> MonitorProcesses(NodeName node)
    {
        var result = await _runtime.GetShell(_session.Id, _session.NodeNames).RunAsync(node, ["ps", "-eo", "comm,args"], null, TimeSpan.FromSeconds(20), CancellationToken.None);
        return result.Stdout.Split('\n').Count(l => l.StartsWith("ip ", StringComparison.Ordinal) && l.Contains("monitor", StringComparison.Ordinal));
    }

    private static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Reads updates until one satisfies <paramref name="done"/>; returns it with the time it took.</summary>
    private static async Task<(GraphUpdate Update, TimeSpan Elapsed)> NextMatching(
        IAsyncEnumerator<GraphUpdate> updates, CancellationTokenSource cancel, Func<GraphUpdate, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var next = updates.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(Wait - clock.Elapsed + TimeSpan.FromMilliseconds(1))) != next)
            {
                // End the pending read first: disposing an enumerator with a read in flight throws NotSupportedException,
                // which would hide this timeout in the test's report.
                await cancel.CancelAsync();
                try
                {
                    await next;
                }
                catch (OperationCanceledException)
                {
                }
                throw new TimeoutException($"No matching graph within {Wait.TotalSeconds} s (poll is 60 s, so the monitors missed it).");
            }

            Assert.True(await next, "The stream ended.");
            if (done(updates.Current))
            {
                return (updates.Current, clock.Elapsed);
            }
        }
    }

    [Fact]
    public async Task WatchAsync_ChangesMadeInNodesAndNamespaces_ArriveAsNewGraphsWithoutThePoll()
    {
        using var cancel = new CancellationTokenSource();
        await using var updates = _watcher.WatchAsync(_session, cancel.Token).GetAsyncEnumerator(cancel.Token);

        // First: the whole graph, with the session network leg resolved from the engine's inspect data.
        var (first, _) = await NextMatching(updates, cancel, _ => true);
        Assert.Equal(["a/", "b/"], first.Graph.Namespaces.Select(n => n.Id));
        Assert.Equal(first.Graph.Elements.Count, first.Diff.Added.Count);
        // The runtime gives the leg the lab's name (underlay0); its kind comes from the kernel, not the name.
        var leg = first.Graph.FindInterface(A, null, "underlay0")!;
        Assert.Equal(InterfaceKind.DockerEth, leg.Kind);
        Assert.Contains(first.Graph.EdgesOf(leg.Id, EdgeKind.SessionNetwork), e => e.Target == "net:underlay");
        Assert.Equal("10.97.0.0/24", first.Graph.Networks.Single().Subnet);
        await Until(() => _watcher.MonitorCount(_session.Id) == 2, Wait);
        Assert.Equal(2, _watcher.MonitorCount(_session.Id));

        // A bridge in a's own namespace.
        await Exec(A, "ip link add br0 type bridge");
        var (bridge, bridgeLatency) = await NextMatching(updates, cancel, u => u.Graph.FindInterface(A, null, "br0") is not null);
        _output.WriteLine($"bridge added -> new graph in {bridgeLatency.TotalMilliseconds:0} ms");
        Assert.Equal(InterfaceKind.Bridge, bridge.Graph.FindInterface(A, null, "br0")!.Kind);
        Assert.Contains("a//br0", bridge.Diff.Added.Select(e => e.Id));
        Assert.Empty(bridge.Diff.Removed);

        // A namespace joined to the bridge by a veth pair: seen through events in a's own namespace.
        await Exec(A, "ip netns add red; ip link add v0 type veth peer name v1; ip link set v1 netns red; ip link set v0 master br0");
        var (veth, vethLatency) = await NextMatching(updates, cancel, u => u.Graph.FindInterface(A, "red", "v1") is not null && u.Graph.FindInterface(A, null, "v0")?.Master == "br0");
        _output.WriteLine($"namespace + veth -> new graph in {vethLatency.TotalMilliseconds:0} ms");
        var v1 = veth.Graph.FindInterface(A, "red", "v1")!;
        Assert.Equal("a//v0", veth.Graph.PeerOf(v1)!.Id);
        Assert.Equal(["a//v0"], veth.Graph.MembersOf(veth.Graph.FindInterface(A, null, "br0")!).Select(i => i.Id));

        // A change only visible inside red: its own monitor must be running.
        await Until(() => _watcher.MonitorCount(_session.Id) == 3, Wait);
        Assert.Equal(3, _watcher.MonitorCount(_session.Id));
        await Exec(A, "ip -n red addr add 10.1.0.1/24 dev v1");
        var (address, addressLatency) = await NextMatching(updates, cancel, u => u.Graph.FindInterface(A, "red", "v1")!.Addresses.Any(x => x.ToString() == "10.1.0.1/24"));
        _output.WriteLine($"address in namespace red -> new graph in {addressLatency.TotalMilliseconds:0} ms");
        Assert.Contains(address.Diff.Changed, e => e.Id == "a/red/v1");

        // Deleting the namespace: its monitor must not keep it (and the veth pair) alive.
        await Exec(A, "ip netns del red");
        var (gone, goneLatency) = await NextMatching(updates, cancel, u => u.Graph.FindNamespace(A, "red") is null && u.Graph.FindInterface(A, null, "v0") is null);
        _output.WriteLine($"namespace deleted -> new graph without it in {goneLatency.TotalMilliseconds:0} ms");
        Assert.Contains("a//br0", gone.Graph.Interfaces.Select(i => i.Id));
        await Until(() => _watcher.MonitorCount(_session.Id) == 2, Wait);
        Assert.Equal(2, _watcher.MonitorCount(_session.Id));
    }

    [Fact]
    public async Task WatchAsync_LastViewerLeaves_StopsTheFeedAndItsExecs()
    {
        using (var cancel = new CancellationTokenSource())
        {
            await using var first = _watcher.WatchAsync(_session, cancel.Token).GetAsyncEnumerator(cancel.Token);
            await using var second = _watcher.WatchAsync(_session, cancel.Token).GetAsyncEnumerator(cancel.Token);
            Assert.True(await first.MoveNextAsync());
            Assert.True(await second.MoveNextAsync());
            Assert.Equal(1, _watcher.WatchedSessions);
            await Until(() => _watcher.MonitorCount(_session.Id) == 2, Wait);
            Assert.Equal(1, await MonitorProcesses(A));
            Assert.Equal(1, await MonitorProcesses(B));
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await first.MoveNextAsync());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await second.MoveNextAsync());
        }

        Assert.Equal(0, _watcher.WatchedSessions);
        var clock = Stopwatch.StartNew();
        while ((await MonitorProcesses(A) + await MonitorProcesses(B)) > 0 && clock.Elapsed < Wait)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await MonitorProcesses(A));
        Assert.Equal(0, await MonitorProcesses(B));
    }

    [Fact]
    public async Task WatchAsync_SessionStops_StreamEnds()
    {
        await using var updates = _watcher.WatchAsync(_session, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        await _sessions.StopAsync(_session, "test", CancellationToken.None);

        var next = updates.MoveNextAsync().AsTask();
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(Wait)));
        Assert.False(await next);
        Assert.Equal(0, _watcher.WatchedSessions);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _watcher.GetGraphAsync(_session, CancellationToken.None));
    }

    [Fact]
    public async Task GetGraphAsync_NobodyWatching_RunsAPassWithAbout50Interfaces()
    {
        // Benchmark note: one discovery pass over two nodes with ~50 interfaces (12 veth pairs each + lo + the leg).
        await Exec(A, "for i in $(seq 1 12); do ip link add x$i type veth peer name y$i; ip addr add 10.50.$i.1/24 dev x$i; done");
        await Exec(B, "for i in $(seq 1 12); do ip link add x$i type veth peer name y$i; done");

        var timings = new List<double>();
        InterfaceGraph graph = InterfaceGraph.Empty;
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            graph = await _watcher.GetGraphAsync(_session, CancellationToken.None);
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        _output.WriteLine($"discovery pass, 2 nodes, {graph.Interfaces.Count} interfaces: first {timings[0]:0} ms, then {string.Join(", ", timings.Skip(1).Select(t => t.ToString("0")))} ms (median {timings.Skip(1).Order().ElementAt(2):0} ms)");
        Assert.Equal(52, graph.Interfaces.Count);
        Assert.Empty(graph.Diagnostics);
        Assert.Contains(graph.FindInterface(A, null, "x12")!.Addresses, x => x.ToString() == "10.50.12.1/24");
        Assert.Equal("b//y12", graph.PeerOf(graph.FindInterface(B, null, "x12")!)!.Id);
        Assert.Equal(0, _watcher.WatchedSessions);
    }

    private sealed class OneLab(Lab lab) : ILabDirectory
    {
        public Lab? FindLab(LabId id) => id == lab.Id ? lab : null;

        public IEnumerable<Lab> AllLabs => [lab];
    }
}
