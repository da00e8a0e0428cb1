using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Tests.Graph;

/// <summary>
/// The builder on odd and hand-written input. The JSON here is synthetic (shaped like iproute2 6.1 output) for
/// what this host's kernel cannot produce (GRE, no ipip/gre/dummy modules) or what is hard to stage (ambiguity).
/// </summary>
public sealed class InterfaceGraphBuilderInputTests
{
    private static readonly NodeName Host1 = new("host1");
    private static readonly NodeName Host2 = new("host2");

    private static NamespaceSnapshot Ns(NodeName node, string? netns, string link, string addr = "[]", string route = "[]", string? ids = null) =>
        new(node, netns, link, addr, route, NetnsIdsJson: ids);

    [Theory]
    [InlineData("{not json")]
    [InlineData("[{\"ifindex\":1,")]
    [InlineData("\"just a string\"")]
    public void Build_InvalidLinkJson_ReportsAnErrorAndKeepsTheRest(string bad)
    {
        var good = GraphFixture.Snapshots("veth-netns");
        var broken = good.Select(s => s.Netns == "blue" ? s with { LinkJson = bad } : s).ToList();

        var graph = InterfaceGraphBuilder.Build(broken);

        var diagnostic = Assert.Single(graph.Diagnostics);
        Assert.Equal((GraphDiagnosticSeverity.Error, "blue", "link"), (diagnostic.Severity, diagnostic.Netns, diagnostic.Source));
        Assert.NotNull(graph.FindNamespace(Host1, "blue"));
        Assert.DoesNotContain(graph.Interfaces, i => i.Netns == "blue");
        Assert.NotNull(graph.FindInterface(Host1, "red", "v-red"));
        Assert.Null(graph.PeerOf(graph.FindInterface(Host1, "red", "v-red")!));
        Assert.Contains("\"severity\":\"error\"", graph.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidOptionalJson_ReportsItAndStillReadsLinks()
    {
        var graph = InterfaceGraphBuilder.Build([
            new NamespaceSnapshot(Host1, null, """[{"ifindex":1,"ifname":"lo","link_type":"loopback","flags":["UP"]}]""", "<html>", "oops", "[", "]", "{")]);

        Assert.Equal(["addr", "route", "route6", "bridge", "netns-ids"], graph.Diagnostics.Select(d => d.Source));
        Assert.All(graph.Diagnostics, d => Assert.Equal(GraphDiagnosticSeverity.Error, d.Severity));
        Assert.Equal(InterfaceKind.Loopback, Assert.Single(graph.Interfaces).Kind);
    }

    [Fact]
    public void Build_OddButValidJson_NeverThrowsAndSkipsWhatItCannotUse()
    {
        const string link = """
            [1, "x", null, {}, {"ifname":"noindex"}, {"ifindex":"7","ifname":"strindex"},
             {"ifindex":2,"ifname":"weird0","flags":"UP","mtu":"big","operstate":5,"linkinfo":{"info_kind":"wireguard","info_data":[]}},
             {"ifindex":3,"ifname":"vx0","linkinfo":{"info_kind":"vxlan","info_data":{"id":"forty-two","remote":"not-an-ip"}}},
             {"ifindex":4,"ifname":"v0","link_index":99,"link_netnsid":7,"linkinfo":{"info_kind":"veth"},"master":"nobr"}]
            """;
        const string addr = """[{"ifindex":2,"addr_info":[{"local":"10.0.0.1"},{"local":"zz","prefixlen":8},{"local":"10.0.0.2","prefixlen":24},3]}, {"ifindex":55,"addr_info":[]}, "s"]""";
        const string route = """[{"dst":5}, {"gateway":"1.2.3.4"}, {"dst":"10.0.0.0/24","dev":"weird0","metric":"x"}, []]""";

        var graph = InterfaceGraphBuilder.Build([Ns(Host1, null, link, addr, route, ids: "[{\"nsid\":\"a\"}, 4]")], [
            new SessionNetworkInfo("lan", null, [new SessionNetworkMember(Host1, "00:11:22:33:44:55", "not-an-ip")]),
        ]);

        Assert.Equal(["weird0", "vx0", "v0"], graph.Interfaces.Select(i => i.Name));
        var weird = graph.Interfaces[0];
        Assert.Equal((InterfaceKind.Other, "wireguard", "UNKNOWN", (int?)null), (weird.Kind, weird.RawKind, weird.OperState, weird.Mtu));
        Assert.Empty(weird.Flags);
        Assert.Equal(["10.0.0.2/24"], weird.Addresses.Select(a => a.ToString()));
        Assert.Null(graph.Interfaces[1].Vxlan!.Id);
        Assert.Equal("10.0.0.0/24", Assert.Single(graph.Namespaces[0].Routes).Destination);
        Assert.DoesNotContain(graph.Edges, e => e.Kind != EdgeKind.SessionNetwork);
        Assert.Contains(graph.Diagnostics, d => d.Message.Contains("nobr", StringComparison.Ordinal));
        Assert.Contains(graph.Diagnostics, d => d.Source == "network");
        Assert.NotEmpty(graph.ToJson());
    }

    [Fact]
    public void Build_EmptyLinkOutput_IsAnError()
    {
        var graph = InterfaceGraphBuilder.Build([Ns(Host1, null, "  ")]);

        Assert.Equal(GraphDiagnosticSeverity.Error, Assert.Single(graph.Diagnostics).Severity);
        Assert.Empty(graph.Interfaces);
        Assert.Equal(["host1/"], graph.Namespaces.Select(n => n.Id));
    }

    [Fact]
    public void Build_InvalidNetnsName_LeavesTheNamespaceOut()
    {
        var graph = InterfaceGraphBuilder.Build([Ns(Host1, "../etc", "[]"), Ns(Host1, null, "[]"), Ns(Host1, null, "[]")]);

        Assert.Equal(["host1/"], graph.Namespaces.Select(n => n.Id));
        Assert.Equal([GraphDiagnosticSeverity.Error, GraphDiagnosticSeverity.Warning], graph.Diagnostics.Select(d => d.Severity));
    }

    [Fact]
    public void Build_TwoIndistinguishablePairs_WarnsInsteadOfGuessing()
    {
        // Namespaces a and b both hold ifindex 2 pointing at ifindex 3, and c and d both hold 3 pointing at 2.
        static string Veth(int index, int peer) =>
            $$$"""[{"ifindex":{{{index}}},"ifname":"v{{{index}}}","link_index":{{{peer}}},"link_netnsid":0,"linkinfo":{"info_kind":"veth"}}]""";
        var snapshots = new[] { Ns(Host1, "a", Veth(2, 3)), Ns(Host1, "b", Veth(2, 3)), Ns(Host1, "c", Veth(3, 2)), Ns(Host1, "d", Veth(3, 2)) };

        var ambiguous = InterfaceGraphBuilder.Build(snapshots);

        Assert.Empty(ambiguous.Edges);
        Assert.Equal(4, ambiguous.Diagnostics.Count(d => d.Message.Contains("ambiguous", StringComparison.Ordinal)));

        // With `ip netns list-id` from each namespace the ids name the peers: a<->d and b<->c.
        var settled = InterfaceGraphBuilder.Build([
            snapshots[0] with { NetnsIdsJson = """[{"nsid":0,"name":"d"}]""" },
            snapshots[1] with { NetnsIdsJson = """[{"nsid":0,"name":"c"}]""" },
            snapshots[2] with { NetnsIdsJson = """[{"nsid":0,"name":"b"}]""" },
            snapshots[3] with { NetnsIdsJson = """[{"nsid":0,"name":"a"}]""" },
        ]);

        Assert.Empty(settled.Diagnostics);
        Assert.Equal(["veth:host1/a/v2->host1/d/v3", "veth:host1/b/v2->host1/c/v3"], settled.Edges.Select(e => e.Id));
    }

    [Fact]
    public void Build_VethAcrossNodes_PairsRootLegsWhosePeerIsOutside()
    {
        static string Leg(int index, int peer) =>
            $$$"""[{"ifindex":{{{index}}},"ifname":"eth1","link_index":{{{peer}}},"link_netnsid":0,"linkinfo":{"info_kind":"veth"}}]""";
        const string outside = """[{"nsid":0}]""";

        var graph = InterfaceGraphBuilder.Build([Ns(Host1, null, Leg(7, 9), ids: outside), Ns(Host2, null, Leg(9, 7), ids: outside)]);

        Assert.Equal(["veth:host1//eth1->host2//eth1"], graph.Edges.Select(e => e.Id));
    }

    [Fact]
    public void Build_GreTunnelWithoutDevOrLocal_FindsTheUnderlayByRoute()
    {
        const string link1 = """
            [{"ifindex":2,"ifname":"eth0","link_type":"ether","address":"02:00:00:00:00:01"},
             {"ifindex":3,"ifname":"eth1","link_type":"ether","address":"02:00:00:00:01:01"},
             {"ifindex":4,"ifname":"gre1","link_type":"gre","linkinfo":{"info_kind":"gre","info_data":{"remote":"192.0.2.2","local":"any","ttl":0}}}]
            """;
        const string addr1 = """[{"ifindex":2,"addr_info":[{"family":"inet","local":"10.9.0.1","prefixlen":24}]},{"ifindex":3,"addr_info":[{"family":"inet","local":"198.51.100.1","prefixlen":24}]}]""";
        const string route1 = """
            [{"dst":"default","gateway":"10.9.0.254","dev":"eth0"},{"dst":"192.0.2.0/24","gateway":"198.51.100.254","dev":"eth1"},
             {"dst":"10.9.0.0/24","dev":"eth0","protocol":"kernel","scope":"link"}]
            """;
        const string link2 = """[{"ifindex":5,"ifname":"eth0","link_type":"ether"}]""";
        const string addr2 = """[{"ifindex":5,"addr_info":[{"family":"inet","local":"192.0.2.2","prefixlen":24}]}]""";

        var graph = InterfaceGraphBuilder.Build([Ns(Host1, null, link1, addr1, route1), Ns(Host2, null, link2, addr2)]);

        var gre = graph.FindInterface(Host1, null, "gre1")!;
        Assert.Equal((InterfaceKind.Gre, (string?)null, "192.0.2.2"), (gre.Kind, gre.Tunnel!.Local, gre.Tunnel.Remote));
        Assert.Equal("host1//eth1", graph.UnderlayOf(gre)!.Id);
        Assert.Equal("host2//eth0", graph.RemoteOf(gre)!.Id);
    }

    [Fact]
    public void Build_RemoteAddressHeldTwice_PrefersTheUnderlaysNetwork()
    {
        const string tunnelNode = """
            [{"ifindex":2,"ifname":"eth0","link_index":9,"link_netnsid":0,"address":"02:42:00:00:00:01","linkinfo":{"info_kind":"veth"}},
             {"ifindex":3,"ifname":"vx","linkinfo":{"info_kind":"vxlan","info_data":{"id":1,"remote":"10.0.0.2","link":"eth0"}}}]
            """;
        const string other = """[{"ifindex":2,"ifname":"eth0","link_index":8,"link_netnsid":0,"address":"02:42:00:00:00:02","linkinfo":{"info_kind":"veth"}}]""";
        const string otherAddr = """[{"ifindex":2,"addr_info":[{"local":"10.0.0.2","prefixlen":24}]}]""";
        var host3 = new NodeName("host3");
        var snapshots = new[] { Ns(Host1, null, tunnelNode), Ns(Host2, null, other, otherAddr), Ns(host3, null, other, otherAddr) };

        var unresolved = InterfaceGraphBuilder.Build(snapshots);
        var resolved = InterfaceGraphBuilder.Build(snapshots, [
            new SessionNetworkInfo("a", null, [new SessionNetworkMember(Host1, "02:42:00:00:00:01", null), new SessionNetworkMember(host3, "02:42:00:00:00:02", null)]),
            new SessionNetworkInfo("b", null, [new SessionNetworkMember(Host2, "02:42:00:00:00:02", null)]),
        ]);

        Assert.Null(unresolved.RemoteOf(unresolved.FindInterface(Host1, null, "vx")!));
        Assert.Contains(unresolved.Diagnostics, d => d.Message.Contains("several", StringComparison.Ordinal));
        Assert.Equal("host3//eth0", resolved.RemoteOf(resolved.FindInterface(Host1, null, "vx")!)!.Id);
    }
}
