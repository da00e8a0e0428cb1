using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Labs.Discovery;

namespace NetAcademy.Labs.Tests.Discovery;

/// <summary>
/// Discovery against real containers: two nodes on an internal network, namespaces, a veth, bridges and VXLAN
/// built by exec, then one discovery pass. Everything carries netacademy.test=1 and a random
/// netacademy.session=test-graph-... label and is removed at the end, also on failure.
/// </summary>
public sealed class InterfaceDiscoveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly NodeName Host1 = new("host1");
    private static readonly NodeName Host2 = new("host2");

    private readonly string _session = "test-graph-" + Guid.NewGuid().ToString("n")[..8];
    private readonly Dictionary<NodeName, string> _containers = [];
    private IReadOnlyList<SessionNetworkInfo> _networks = [];

    private string Network => _session + "-lan";

    private static async Task<string> Docker(params string[] args)
    {
        var (code, stdout, stderr, timedOut) = await DockerCliNodeShell.DockerAsync(args, Timeout, CancellationToken.None);
        if (code != 0 || timedOut)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', args)} failed ({code}): {stderr}");
        }

        return stdout.Trim();
    }

    private Task<string> Exec(NodeName node, string script) => Docker("exec", _containers[node], "sh", "-ec", script);

    private Task<string> InNs(NodeName node, string netns, string script) =>
        Docker("exec", _containers[node], "nsenter", "--net=/run/netns/" + netns, "sh", "-ec", script);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Docker("image", "inspect", "--format", "{{.Id}}", "netacademy/base:latest");
        string[] labels = ["--label", "netacademy.test=1", "--label", "netacademy.session=" + _session];
        await Docker(["network", "create", "--internal", .. labels, Network]);
        var members = new List<SessionNetworkMember>();
        foreach (var node in new[] { Host1, Host2 })
        {
            var name = $"{_session}-{node}";
            await Docker(["run", "-d", "--name", name, "--hostname", node.Value, .. labels, "--network", Network,
                "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--cap-add", "SYS_ADMIN", "netacademy/base:latest", "sleep", "infinity"]);
            _containers[node] = name;
            var facts = (await Docker("inspect", "--format", $"{{{{with index .NetworkSettings.Networks \"{Network}\"}}}}{{{{.MacAddress}}}} {{{{.IPAddress}}}}{{{{end}}}}", name)).Split(' ');
            members.Add(new SessionNetworkMember(node, facts[0], facts[1]));
        }

        _networks = [new SessionNetworkInfo("lan", null, members)];
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        var filter = "label=netacademy.session=" + _session;
        foreach (var id in (await Docker("ps", "-aq", "--filter", filter)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Docker("rm", "-f", id);
        }

        foreach (var id in (await Docker("network", "ls", "-q", "--filter", filter)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Docker("network", "rm", id);
        }
    }

    private async Task BuildTopologyAsync()
    {
        var ip1 = _networks[0].Members[0].Address!;
        var ip2 = _networks[0].Members[1].Address!;

        // host1: red --veth-- root, on br0 with vxlan42 (dev eth0). host2: vxlan42 (local only) on br0 with blue behind it.
        await Exec(Host1, $"""
            ip netns add red
            ip link add br0 type bridge; ip link set br0 up
            ip link add br-red type veth peer name tmp0
            ip link set tmp0 netns red; ip link set br-red master br0; ip link set br-red up
            ip link add vxlan42 type vxlan id 42 remote {ip2} dstport 4789 dev eth0
            ip link set vxlan42 master br0; ip link set vxlan42 up
            """);
        await InNs(Host1, "red", "ip link set tmp0 name eth0; ip link set eth0 up; ip addr add 192.168.77.1/24 dev eth0");
        await Exec(Host2, $"""
            ip netns add blue
            ip link add br0 type bridge; ip link set br0 up
            ip link add br-blue type veth peer name tmp0
            ip link set tmp0 netns blue; ip link set br-blue master br0; ip link set br-blue up
            ip link add vxlan42 type vxlan id 42 local {ip2} remote {ip1} dstport 4789
            ip link set vxlan42 master br0; ip link set vxlan42 up
            """);
        await InNs(Host2, "blue", "ip link set tmp0 name eth0; ip link set eth0 up; ip addr add 192.168.77.2/24 dev eth0");
    }

    [Fact]
    public async Task DiscoverAsync_TwoNodesWithNamespacesBridgesAndVxlan_BuildsTheRealGraph()
    {
        await BuildTopologyAsync();
        var discovery = new InterfaceDiscovery(new DockerCliNodeShell(_containers));

        var graph = await discovery.DiscoverAsync([Host1, Host2], _networks, CancellationToken.None);

        Assert.Empty(graph.Diagnostics);
        Assert.Equal(["host1/", "host1/red", "host2/", "host2/blue"], graph.Namespaces.Select(n => n.Id));
        foreach (var (node, other, ns) in new[] { (Host1, Host2, "red"), (Host2, Host1, "blue") })
        {
            var inner = graph.FindInterface(node, ns, "eth0")!;
            Assert.Equal(InterfaceKind.Veth, inner.Kind);
            Assert.Equal($"{node}//br-{ns}", graph.PeerOf(inner)!.Id);

            var br0 = graph.FindInterface(node, null, "br0")!;
            Assert.Equal([$"{node}//br-{ns}", $"{node}//vxlan42"], graph.MembersOf(br0).Select(i => i.Id).Order(StringComparer.Ordinal));

            var vxlan = graph.FindInterface(node, null, "vxlan42")!;
            Assert.Equal(42, vxlan.Vxlan!.Id);
            Assert.Equal($"{node}//eth0", graph.UnderlayOf(vxlan)!.Id);
            Assert.Equal(other, graph.RemoteOf(vxlan)!.Node);

            var leg = graph.FindInterface(node, null, "eth0")!;
            Assert.Equal(InterfaceKind.DockerEth, leg.Kind);
            Assert.Single(graph.EdgesOf(leg.Id, EdgeKind.SessionNetwork));
        }

        Assert.Single(graph.Edges, e => e.Kind == EdgeKind.TunnelPeer);
        Assert.Contains("192.168.77.1/24", graph.FindInterface(Host1, "red", "eth0")!.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task RefreshAsync_AfterAChange_ReturnsOnlyTheDifference()
    {
        await BuildTopologyAsync();
        using var tracker = new InterfaceGraphTracker(new InterfaceDiscovery(new DockerCliNodeShell(_containers)));

        var first = await tracker.RefreshAsync([Host1, Host2], _networks, CancellationToken.None);
        var again = await tracker.RefreshAsync([Host1, Host2], _networks, CancellationToken.None);
        await Exec(Host1, "ip link set br0 down");
        await InNs(Host2, "blue", "ip addr add 192.168.78.2/24 dev eth0");
        await Exec(Host2, "ip netns add green");
        var changed = await tracker.RefreshAsync([Host1, Host2], _networks, CancellationToken.None);

        Assert.Equal(first.Graph.Elements.Count, first.Diff.Added.Count);
        Assert.True(again.Diff.IsEmpty, again.Diff.ToJson());
        Assert.Contains(changed.Diff.Changed, e => e.Id == "host1//br0" && e.DataJson.Contains("\"up\":false", StringComparison.Ordinal));
        Assert.Contains(changed.Diff.Changed, e => e.Id == "host2/blue/eth0" && e.DataJson.Contains("192.168.78.2/24", StringComparison.Ordinal));
        Assert.Equal(["host2/green", "host2/green/lo"], changed.Diff.Added.Select(e => e.Id));
        Assert.Empty(changed.Diff.Removed);
        Assert.Same(changed.Graph, tracker.Current);
    }

    [Fact]
    public async Task DiscoverAsync_UnknownNode_ReportsItAndKeepsTheOthers()
    {
        var discovery = new InterfaceDiscovery(new DockerCliNodeShell(_containers));

        var graph = await discovery.DiscoverAsync([Host1, new NodeName("ghost")], _networks, CancellationToken.None);

        Assert.NotNull(graph.FindInterface(Host1, null, "eth0"));
        var error = Assert.Single(graph.Diagnostics, d => d.Severity == GraphDiagnosticSeverity.Error);
        Assert.Equal(("ghost", "exec"), (error.Node?.Value, error.Source));
    }
}
