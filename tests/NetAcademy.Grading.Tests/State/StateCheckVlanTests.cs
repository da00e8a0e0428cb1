using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.State;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.State;

/// <summary>
/// <c>vlan_id</c>, <c>pvid</c> and <c>tagged</c> against the recorded "vlan" case (tests/NetAcademy.Core.Tests/Graph/Fixtures/vlan,
/// recorded in the lab-test VM): on node sw, br0 (VLAN filtering) with the trunk eth0 (1 PVID untagged; 10, 20, 100,
/// 101 and 102 tagged) and the access ports p10 (10 PVID untagged) and p20 (20 PVID untagged), whose veth peers pc10 and
/// pc20 are not ports. The router rt, with the sub-interfaces eth0.10 and eth0.20, is written here in iproute2 6.1's
/// shape (the labs' end-to-end run in the VM reads real ones).
/// </summary>
public sealed class StateCheckVlanTests
{
    private const string RouterLinks = """
        [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"operstate":"UNKNOWN","link_type":"loopback","address":"00:00:00:00:00:00"},
         {"ifindex":2,"ifname":"eth0.10","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","link":"eth0","link_type":"ether","address":"02:42:ac:1f:fb:0c",
          "linkinfo":{"info_kind":"vlan","info_data":{"protocol":"802.1Q","id":10,"flags":["REORDER_HDR"]}}},
         {"ifindex":3,"ifname":"eth0.20","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","link":"eth0","link_type":"ether","address":"02:42:ac:1f:fb:0c",
          "linkinfo":{"info_kind":"vlan","info_data":{"protocol":"802.1Q","id":20,"flags":["REORDER_HDR"]}}},
         {"ifindex":12,"link_index":13,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","link_netnsid":0,"link_type":"ether","address":"02:42:ac:1f:fb:0c",
          "linkinfo":{"info_kind":"veth"}}]
        """;

    private const string RouterAddrs = """
        [{"ifindex":2,"ifname":"eth0.10","addr_info":[{"family":"inet","local":"10.10.0.254","prefixlen":24,"scope":"global"}]},
         {"ifindex":3,"ifname":"eth0.20","addr_info":[{"family":"inet","local":"10.20.0.254","prefixlen":24,"scope":"global"}]}]
        """;

    private static readonly InterfaceGraph Vlan = InterfaceGraphBuilder.Build([
        .. FixtureSnapshots("vlan"),
        new NamespaceSnapshot(new NodeName("rt"), null, RouterLinks, RouterAddrs, "[]", BridgeVlanJson: "[]"),
    ]);

    public static TheoryData<StateCheck, string> Failures() => new()
    {
        { MakeState("p10", node: "sw", vlanId: 20), "p10 is not a member of VLAN 20 (its VLANs: 10 PVID untagged)." },
        { MakeState("p10", node: "sw", vlanId: 10, tagged: true), "p10 sends VLAN 10 untagged, but it should send it tagged." },
        { MakeState("eth0", node: "sw", vlanId: 10, tagged: false), "eth0 sends VLAN 10 tagged, but it should send it untagged." },
        { MakeState("eth0", node: "sw", vlanId: 10, pvid: true), "VLAN 10 is not the PVID of eth0; its PVID is 1." },
        { MakeState("eth0", node: "sw", vlanId: 1, pvid: false), "VLAN 1 is the PVID of eth0, but it should not be." },
        { MakeState("eth0", node: "sw", vlanId: 103), "eth0 is not a member of VLAN 103 (its VLANs: 1 PVID untagged, 10 tagged, 20 tagged, 100 tagged, 101 tagged, 102 tagged)." },
        { MakeState("eth0", node: "sw", vlanId: 10, pvid: true, tagged: false),
            "VLAN 10 is not the PVID of eth0; its PVID is 1. eth0 sends VLAN 10 tagged, but it should send it untagged." },
        { MakeState("pc10", node: "sw", vlanId: 10), "pc10 is not a bridge port, so it is in no VLAN 10." },
        { MakeState("eth0.10", node: "rt", vlanId: 20), "eth0.10 is the sub-interface of VLAN 10, not of VLAN 20." },
        { MakeState("eth0", node: "rt", vlanId: 10), "eth0 is not a bridge port, so it is in no VLAN 10." },
    };

    public static TheoryData<StateCheck> Passes() => new()
    {
        MakeState("p10", node: "sw", vlanId: 10, pvid: true, tagged: false, master: "br0"),
        MakeState("p20", node: "sw", vlanId: 20, pvid: true, tagged: false),
        MakeState("eth0", node: "sw", vlanId: 10, tagged: true, pvid: false),
        MakeState("eth0", node: "sw", vlanId: 20, tagged: true),
        MakeState("eth0", node: "sw", vlanId: 101, tagged: true),
        MakeState("eth0", node: "sw", vlanId: 1, pvid: true, tagged: false),
        MakeState("br0", node: "sw", vlanId: 1, pvid: true),
        MakeState("eth0.10", node: "rt", kind: "vlan", vlanId: 10, address: "10.10.0.254/24", state: "up"),
        MakeState("eth0.20", node: "rt", vlanId: 20),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Evaluate_Mismatch_SaysWhatTheVlansAre(StateCheck check, string message)
    {
        var result = StateCheckEvaluator.Evaluate(check, Vlan);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal(message, result.Message);
    }

    [Theory]
    [MemberData(nameof(Passes))]
    public void Evaluate_Matching_Passes(StateCheck check)
    {
        var result = StateCheckEvaluator.Evaluate(check, Vlan);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Evaluate_AccessPort_SaysHowItIsAMember()
    {
        var result = StateCheckEvaluator.Evaluate(MakeState("p10", node: "sw", vlanId: 10, pvid: true, tagged: false), Vlan);

        Assert.Equal("p10 on sw: in VLAN 10 as its PVID, untagged.", result.Message);
    }

    [Fact]
    public void Evaluate_PortOnAKernelWithoutVlanFiltering_SaysNothingIsListed()
    {
        // What this project's host kernel gives: the port exists, `bridge vlan show` lists nothing.
        const string links = """
            [{"ifindex":2,"ifname":"br0","flags":["UP"],"operstate":"UP","linkinfo":{"info_kind":"bridge"}},
             {"ifindex":3,"ifname":"eth1","flags":["UP"],"operstate":"UP","master":"br0","linkinfo":{"info_kind":"veth"}}]
            """;
        var graph = InterfaceGraphBuilder.Build([new NamespaceSnapshot(Host1, null, links, "[]", "[]", BridgeVlanJson: "[]")]);

        var result = StateCheckEvaluator.Evaluate(MakeState("eth1", vlanId: 10, pvid: true), graph);

        Assert.Equal("eth1 is a port of br0, but `bridge vlan show` lists no VLANs for it.", result.Message);
    }

    [Fact]
    public void Evaluate_ManyVlans_ListsAFewAndCountsTheRest()
    {
        const string links = """[{"ifindex":3,"ifname":"eth1","flags":["UP"],"operstate":"UP","master":"br0","linkinfo":{"info_kind":"veth"}}]""";
        var vlans = string.Join(",", Enumerable.Range(1, 20).Select(i => $$"""{"vlan":{{2 * i}}}"""));
        var graph = InterfaceGraphBuilder.Build([new NamespaceSnapshot(Host1, null, links, "[]", "[]", BridgeVlanJson: $$"""[{"ifname":"eth1","vlans":[{{vlans}}]}]""")]);

        var result = StateCheckEvaluator.Evaluate(MakeState("eth1", vlanId: 3), graph);

        Assert.Equal("eth1 is not a member of VLAN 3 (its VLANs: 2 tagged, 4 tagged, 6 tagged, 8 tagged, 10 tagged, 12 tagged and 14 more).", result.Message);
    }
}
