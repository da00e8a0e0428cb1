using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Tests.Graph;

/// <summary>
/// Bridge VLAN membership (<c>bridge -j vlan show</c>) and VLAN sub-interface ids (<c>ip -j -d link</c>) in the graph:
/// the recorded switch of case "vlan" (Graph/Fixtures/vlan, recorded in the lab-test VM by
/// tests/NetAcademy.Packets.Tests/Fixtures/record-vlan.sh, since this host's kernel has neither feature), and the
/// output of a node whose learner replaced <c>bridge</c>: every node output is untrusted.
/// </summary>
public sealed class BridgeVlanReaderTests
{
    private static readonly NodeName Sw = new("sw");

    private const string Links = """
        [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"operstate":"UNKNOWN","link_type":"loopback"},
         {"ifindex":2,"ifname":"br0","flags":["UP"],"operstate":"UP","link_type":"ether","linkinfo":{"info_kind":"bridge"}},
         {"ifindex":3,"ifname":"eth1","flags":["UP"],"operstate":"UP","link_type":"ether","master":"br0","linkinfo":{"info_kind":"veth"}},
         {"ifindex":4,"ifname":"eth4","flags":["UP"],"operstate":"UP","link_type":"ether","master":"br0","linkinfo":{"info_kind":"veth"}},
         {"ifindex":5,"ifname":"eth0.10","flags":["UP"],"operstate":"UP","link_type":"ether","link":"eth4",
          "linkinfo":{"info_kind":"vlan","info_data":{"protocol":"802.1Q","id":10,"flags":["REORDER_HDR"]}}}]
        """;

    private static InterfaceGraph Build(string? vlans, string links = Links) =>
        InterfaceGraphBuilder.Build([new NamespaceSnapshot(Sw, null, links, "[]", "[]", BridgeVlanJson: vlans)]);

    [Fact]
    public void Build_Recorded_ReadsAccessPortsAndTheTrunk()
    {
        var graph = GraphFixture.Build("vlan");

        Assert.DoesNotContain(graph.Diagnostics, d => d.Source == "bridge-vlan");
        Assert.Equal([new BridgeVlan(10, 10, true, true)], graph.FindInterface(Sw, null, "p10")!.BridgeVlans);
        Assert.Equal([new BridgeVlan(20, 20, true, true)], graph.FindInterface(Sw, null, "p20")!.BridgeVlans);
        // iproute2 6.1 lists the range added as 100-102 one VLAN at a time.
        Assert.Equal(
            [new BridgeVlan(1, 1, true, true), new BridgeVlan(10, 10, false, false), new BridgeVlan(20, 20, false, false),
             new BridgeVlan(100, 100, false, false), new BridgeVlan(101, 101, false, false), new BridgeVlan(102, 102, false, false)],
            graph.FindInterface(Sw, null, "eth0")!.BridgeVlans);
        Assert.Equal([new BridgeVlan(1, 1, true, true)], graph.FindInterface(Sw, null, "br0")!.BridgeVlans);
        Assert.Null(graph.FindInterface(Sw, null, "pc10")!.BridgeVlans);
        Assert.All(graph.Interfaces, i => Assert.Null(i.VlanId));
    }

    [Fact]
    public void Build_Iproute2Shape_ReadsFlagsAndRanges()
    {
        var graph = Build("""
            [{"ifname":"br0","vlans":[{"vlan":1,"flags":["PVID","Egress Untagged"]}]},
             {"ifname":"eth1","vlans":[{"vlan":10,"flags":["PVID","Egress Untagged"]}]},
             {"ifname":"eth4","vlans":[{"vlan":1,"flags":["PVID","Egress Untagged"]},{"vlan":10},{"vlan":20,"vlanEnd":30}]}]
            """);

        Assert.Empty(graph.Diagnostics);
        var trunk = graph.FindInterface(Sw, null, "eth4")!.BridgeVlans!;
        Assert.Equal([new BridgeVlan(1, 1, true, true), new BridgeVlan(10, 10, false, false), new BridgeVlan(20, 30, false, false)], trunk);
        Assert.True(trunk[2].Contains(25));
        Assert.False(trunk[2].Contains(31));
        Assert.Equal((int?)10, graph.FindInterface(Sw, null, "eth0.10")!.VlanId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    public void Build_NothingListed_LeavesMembershipUnknown(string? vlans)
    {
        var graph = Build(vlans);

        Assert.Empty(graph.Diagnostics);
        Assert.All(graph.Interfaces, i => Assert.Null(i.BridgeVlans));
    }

    [Theory]
    [InlineData("""[{"ifname":"eth1","vlans":[{"vlan":10,"flags":["PVID","Egr""")]
    [InlineData("{not json")]
    [InlineData("""{"ifname":"eth1"}""")]
    public void Build_TruncatedOrNotAnArray_IsAnErrorAndTheLinksStay(string vlans)
    {
        var graph = Build(vlans);

        var diagnostic = Assert.Single(graph.Diagnostics);
        Assert.Equal((GraphDiagnosticSeverity.Error, "bridge-vlan"), (diagnostic.Severity, diagnostic.Source));
        Assert.Equal(5, graph.Interfaces.Count);
        Assert.All(graph.Interfaces, i => Assert.Null(i.BridgeVlans));
    }

    [Fact]
    public void Build_HostileEntries_AreSkippedWithAWarningAndNeverThrow()
    {
        var graph = Build("""
            [1, "x", null, {}, {"ifname":5}, {"ifname":"nosuch","vlans":[{"vlan":10}]}, {"ifname":"br0","vlans":"10"},
             {"ifname":"eth1","vlans":[{"vlan":0},{"vlan":4095},{"vlan":-1},{"vlan":"10"},{"vlan":1e9},{"vlan":10.5},
               {"vlan":30,"vlanEnd":20},{"vlan":4000,"vlanEnd":5000},{"vlan":12,"flags":"PVID"},{"vlan":13,"flags":[1,{"PVID":true}]},
               {"vlan":14,"vlanEnd":"x","flags":["PVID","Egress Untagged","PVID"]}, 7, []]}]
            """);

        var eth1 = graph.FindInterface(Sw, null, "eth1")!;
        Assert.Equal([new BridgeVlan(12, 12, false, false), new BridgeVlan(13, 13, false, false), new BridgeVlan(14, 14, true, true)], eth1.BridgeVlans);
        var warning = Assert.Single(graph.Diagnostics);
        Assert.Equal((GraphDiagnosticSeverity.Warning, "bridge-vlan"), (warning.Severity, warning.Source));
        Assert.StartsWith("10 VLAN entries", warning.Message, StringComparison.Ordinal);
        Assert.Null(graph.FindInterface(Sw, null, "br0")!.BridgeVlans);
    }

    [Fact]
    public void Build_MoreEntriesThanThereAreVlans_KeepsAtMostOnePerVlan()
    {
        var entries = string.Join(",", Enumerable.Range(0, 3 * BridgeVlan.MaxId).Select(i => $$"""{"vlan":{{i % BridgeVlan.MaxId + 1}}}"""));
        var graph = Build($$"""[{"ifname":"eth4","vlans":[{{entries}}]},{"ifname":"eth4","vlans":[{{entries}}]}]""");

        Assert.Equal(BridgeVlan.MaxId, graph.FindInterface(Sw, null, "eth4")!.BridgeVlans!.Count);
        Assert.Contains(graph.Diagnostics, d => d.Source == "bridge-vlan" && d.Severity == GraphDiagnosticSeverity.Warning);
    }

    [Theory]
    [InlineData("""{"protocol":"802.1Q","id":0}""")]
    [InlineData("""{"protocol":"802.1Q","id":4095}""")]
    [InlineData("""{"protocol":"802.1Q","id":"10"}""")]
    [InlineData("""[10]""")]
    public void Build_SubInterfaceWithoutAValidId_HasNone(string infoData)
    {
        var links = $$$"""[{"ifindex":5,"ifname":"eth0.10","linkinfo":{"info_kind":"vlan","info_data":{{{infoData}}}}}]""";

        var sub = Assert.Single(Build(null, links).Interfaces);

        Assert.Equal((InterfaceKind.Vlan, (int?)null), (sub.Kind, sub.VlanId));
    }
}
