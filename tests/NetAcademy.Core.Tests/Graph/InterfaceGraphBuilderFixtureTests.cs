using System.Net;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Tests.Graph;

/// <summary>The builder over real outputs recorded from lab containers (Graph/Fixtures, see record.sh).</summary>
public sealed class InterfaceGraphBuilderFixtureTests
{
    private static readonly NodeName Host1 = new("host1");
    private static readonly NodeName Host2 = new("host2");

    private static GraphInterface Iface(InterfaceGraph graph, string id) =>
        graph.GetInterface(id) ?? throw new Xunit.Sdk.XunitException($"no interface {id}; have: {string.Join(", ", graph.Interfaces.Select(i => i.Id))}");

    private static string[] EdgeIds(InterfaceGraph graph, EdgeKind kind) =>
        graph.Edges.Where(e => e.Kind == kind).Select(e => $"{e.Source} -> {e.Target}").ToArray();

    [Fact]
    public void Build_VethBetweenTwoNamespaces_PairsThemAndKeepsAddressesAndRoutes()
    {
        var graph = GraphFixture.Build("veth-netns");

        Assert.Empty(graph.Diagnostics);
        Assert.Equal(["host1"], graph.Nodes.Select(n => n.Id));
        Assert.Equal(["host1/", "host1/blue", "host1/red"], graph.Namespaces.Select(n => n.Id));
        var red = Iface(graph, "host1/red/v-red");
        var blue = Iface(graph, "host1/blue/v-blue");
        Assert.Equal(InterfaceKind.Veth, red.Kind);
        Assert.Equal("UP", red.OperState);
        Assert.Equal(1500, red.Mtu);
        Assert.Equal(["10.0.0.1/24"], red.Addresses.Where(a => !a.IsIPv6).Select(a => a.ToString()));
        Assert.Same(blue, graph.PeerOf(red));
        Assert.Same(red, graph.PeerOf(blue));
        Assert.Equal(["host1/blue/v-blue -> host1/red/v-red"], EdgeIds(graph, EdgeKind.VethPeer));

        var redRoutes = graph.FindNamespace(Host1, "red")!.Routes;
        Assert.Contains(redRoutes, r => r is { Destination: "default", Gateway: "10.0.0.2", Dev: "v-red", IsIPv6: false });
        Assert.Contains(redRoutes, r => r is { Destination: "10.0.0.0/24", Protocol: "kernel", Gateway: null });
        Assert.Equal(InterfaceKind.Loopback, Iface(graph, "host1/red/lo").Kind);
    }

    [Fact]
    public void Build_DockerLegWithNetworkInfo_IsDockerEthOnTheSessionNetwork()
    {
        var graph = GraphFixture.Build("veth-netns");

        var eth0 = Iface(graph, "host1//eth0");
        Assert.Equal(InterfaceKind.DockerEth, eth0.Kind);
        Assert.Equal(GraphFixture.MacOf("veth-netns", "host1"), eth0.Mac);
        Assert.Equal(["172.31.250.11/24"], eth0.Addresses.Where(a => !a.IsIPv6).Select(a => a.ToString()));
        Assert.Null(graph.PeerOf(eth0));
        Assert.Equal(["host1//eth0 -> net:lan"], EdgeIds(graph, EdgeKind.SessionNetwork));
        var network = Assert.Single(graph.Networks);
        Assert.Equal(("net:lan", "lan", "172.31.250.0/24"), (network.Id, network.Name, network.Subnet));
    }

    [Fact]
    public void Build_DockerLegWithoutNetworkInfo_StaysAnUnpairedVeth()
    {
        var graph = GraphFixture.Build("veth-netns", withNetworks: false);

        var eth0 = Iface(graph, "host1//eth0");
        Assert.Equal(InterfaceKind.Veth, eth0.Kind);
        Assert.Null(graph.PeerOf(eth0));
        Assert.Empty(graph.Networks);
        Assert.Empty(EdgeIds(graph, EdgeKind.SessionNetwork));
    }

    [Fact]
    public void Build_BridgeWithThreeMembers_DrawsMembershipAndPeersOfSameNamedInterfaces()
    {
        var graph = GraphFixture.Build("bridge-three");

        Assert.Empty(graph.Diagnostics);
        var br0 = Iface(graph, "host1//br0");
        Assert.Equal(InterfaceKind.Bridge, br0.Kind);
        Assert.Equal(["10.1.0.254/24"], br0.Addresses.Where(a => !a.IsIPv6).Select(a => a.ToString()));
        Assert.Equal(["host1//br-a", "host1//br-b", "host1//br-c"], graph.MembersOf(br0).Select(i => i.Id).Order());
        foreach (var (ns, address) in new[] { ("a", "10.1.0.1/24"), ("b", "10.1.0.2/24"), ("c", "10.1.0.3/24") })
        {
            var inner = Iface(graph, $"host1/{ns}/eth0");
            Assert.Equal(InterfaceKind.Veth, inner.Kind);
            Assert.Contains(address, inner.Addresses.Select(a => a.ToString()));
            var port = Iface(graph, $"host1//br-{ns}");
            Assert.Same(port, graph.PeerOf(inner));
            Assert.Equal("br0", port.Master);
        }

        Assert.Equal(3, EdgeIds(graph, EdgeKind.VethPeer).Length);
        Assert.Equal(3, EdgeIds(graph, EdgeKind.BridgeMember).Length);
    }

    [Fact]
    public void Build_VxlanBetweenTwoNodes_FindsUnderlayRemoteNodeAndTunnelPeer()
    {
        var graph = GraphFixture.Build("vxlan");

        Assert.Empty(graph.Diagnostics);
        var vx1 = Iface(graph, "host1//vxlan42");
        var vx2 = Iface(graph, "host2//vxlan42");
        Assert.Equal((InterfaceKind.Vxlan, 42L, "172.31.250.12", "eth0", 4789), (vx1.Kind, vx1.Vxlan!.Id, vx1.Vxlan.Remote, vx1.Vxlan.Dev, vx1.Vxlan.Port));
        Assert.Equal((42L, "172.31.250.12", "172.31.250.11", (string?)null), (vx2.Vxlan!.Id, vx2.Vxlan.Local, vx2.Vxlan.Remote, vx2.Vxlan.Dev));

        // host1 names its dev; host2 only its local address: both resolve to the node's own leg.
        Assert.Equal("host1//eth0", graph.UnderlayOf(vx1)!.Id);
        Assert.Equal("host2//eth0", graph.UnderlayOf(vx2)!.Id);

        // The remote address belongs to the other node's leg.
        var remote1 = graph.RemoteOf(vx1)!;
        Assert.Equal((Host2, "eth0"), (remote1.Node, remote1.Name));
        var remote2 = graph.RemoteOf(vx2)!;
        Assert.Equal((Host1, "eth0"), (remote2.Node, remote2.Name));
        Assert.Equal(["host1//vxlan42 -> host2//vxlan42"], EdgeIds(graph, EdgeKind.TunnelPeer));

        foreach (var node in new[] { "host1", "host2" })
        {
            Assert.Contains($"{node}//vxlan42 -> {node}//br0", EdgeIds(graph, EdgeKind.BridgeMember));
            Assert.Contains($"{node}//br-inner -> {node}//br0", EdgeIds(graph, EdgeKind.BridgeMember));
            Assert.Equal($"{node}//br-inner", graph.PeerOf(Iface(graph, $"{node}/inner/eth0"))!.Id);
            Assert.Equal(InterfaceKind.DockerEth, Iface(graph, $"{node}//eth0").Kind);
        }

        Assert.Equal(["host1//eth0 -> net:lan", "host2//eth0 -> net:lan"], EdgeIds(graph, EdgeKind.SessionNetwork));
    }

    [Fact]
    public void Build_VxlanWithoutNetworkInfo_StillFindsTheRemoteByAddress()
    {
        var graph = GraphFixture.Build("vxlan", withNetworks: false);

        Assert.Equal("host2//eth0", graph.RemoteOf(Iface(graph, "host1//vxlan42"))!.Id);
        Assert.Equal("host1//eth0", graph.RemoteOf(Iface(graph, "host2//vxlan42"))!.Id);
    }

    [Fact]
    public void Build_TunAndTap_ClassifiesBothWithTheirState()
    {
        var graph = GraphFixture.Build("tun-tap");

        var tun = Iface(graph, "host1//tun0");
        Assert.Equal((InterfaceKind.Tun, "tun"), (tun.Kind, tun.RawKind));
        Assert.True(tun.IsAdminUp);
        Assert.Null(tun.Mac);
        Assert.Contains("10.8.0.1/24", tun.Addresses.Select(a => a.ToString()));

        var tap = Iface(graph, "host1//tap0");
        Assert.Equal((InterfaceKind.Tap, "tap"), (tap.Kind, tap.RawKind));
        Assert.False(tap.IsAdminUp);
        Assert.Equal("DOWN", tap.OperState);
        Assert.NotNull(tap.Mac);
        Assert.Equal(["10.9.0.1/24"], tap.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Build_Ipv6_KeepsV6AddressesAndV6Routes()
    {
        var graph = GraphFixture.Build("ipv6");

        var a = Iface(graph, "host1/v6a/six-a");
        Assert.Contains(a.Addresses, x => x.IsIPv6 && x.Address.Equals(IPAddress.Parse("2001:db8:1::1")) && x.PrefixLength == 64 && x.Scope == "global");
        Assert.Contains(a.Addresses, x => x.IsIPv6 && x.Scope == "link");
        Assert.Contains(a.Addresses, x => x.ToString() == "10.6.0.1/24");
        Assert.Equal("host1/v6b/six-b", graph.PeerOf(a)!.Id);

        var routes = graph.FindNamespace(Host1, "v6a")!.Routes;
        Assert.Contains(routes, r => r is { Destination: "2001:db8:2::/64", Gateway: "2001:db8:1::2", Dev: "six-a", IsIPv6: true, Metric: 1024 });
        var chosen = RouteLookup.Lookup(routes, IPAddress.Parse("2001:db8:2::7"));
        Assert.Equal("2001:db8:1::2", chosen!.Gateway);
    }

    [Fact]
    public void Build_DownInterfaces_ReportsAdminAndOperStateAndPairsInOneNamespace()
    {
        var graph = GraphFixture.Build("down-interface");

        var down = Iface(graph, "host1//down0");
        var up = Iface(graph, "host1//up0");
        Assert.Equal(("DOWN", false), (down.OperState, down.IsAdminUp));
        Assert.Equal(("LOWERLAYERDOWN", true), (up.OperState, up.IsAdminUp));
        Assert.Contains("NO-CARRIER", up.Flags);
        Assert.Same(down, graph.PeerOf(up));
        Assert.Equal(["10.2.0.2/24"], down.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Build_MacvlanInNamespace_LinksToItsParentInTheRoot()
    {
        var graph = GraphFixture.Build("macvlan");

        var mv = Iface(graph, "host1/mv/mv0");
        Assert.Equal(InterfaceKind.Macvlan, mv.Kind);
        Assert.Equal(["host1/mv/mv0 -> host1//eth0"], EdgeIds(graph, EdgeKind.Lower));
        Assert.Empty(EdgeIds(graph, EdgeKind.VethPeer));
        Assert.Equal(InterfaceKind.DockerEth, Iface(graph, "host1//eth0").Kind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Build_EqualIfindexesInSeveralNamespaces_PairsByMutualIndexes(bool withNetnsIds)
    {
        var graph = GraphFixture.Build("same-ifindex", withNetnsIds: withNetnsIds);

        Assert.Empty(graph.Diagnostics);
        Assert.Equal(
            ["host1//p-x -> host1/x/eth0", "host1//p-y -> host1/y/eth0", "host1/x/xy -> host1/y/yx"],
            EdgeIds(graph, EdgeKind.VethPeer));
    }

    [Theory]
    [InlineData("veth-netns")]
    [InlineData("bridge-three")]
    [InlineData("vxlan")]
    [InlineData("ipv6")]
    [InlineData("macvlan")]
    public void Build_WithoutNetnsIds_GivesTheSameEdges(string fixture)
    {
        var with = GraphFixture.Build(fixture);
        var without = GraphFixture.Build(fixture, withNetnsIds: false);

        Assert.Equal(with.Edges.Select(e => e.Id), without.Edges.Select(e => e.Id));
        Assert.True(GraphDiff.Compute(with, without).IsEmpty);
    }
}
