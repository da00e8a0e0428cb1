using NetAcademy.Core.Graph;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.State;
using NetAcademy.Grading.Tests.Support;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.State;

/// <summary>
/// State checks against graphs built from the graph helper's recorded fixtures: veth-netns (v-red in red, v-blue in
/// blue, 10.0.0.1/24 and .2/24, red has default via 10.0.0.2), bridge-three (br0 10.1.0.254/24 with br-a, br-b,
/// br-c), vxlan (vxlan42 id 42 remote 172.31.250.12 on host1, in br0) and down-interface (down0 down, its peer up0
/// up without carrier).
/// </summary>
public sealed class StateCheckEvaluatorTests
{
    private static readonly InterfaceGraph VethNetns = Fixture("veth-netns");
    private static readonly InterfaceGraph BridgeThree = Fixture("bridge-three");
    private static readonly InterfaceGraph Vxlan = Fixture("vxlan");
    private static readonly InterfaceGraph DownInterface = Fixture("down-interface");

    public static TheoryData<string, StateCheck, string> Failures() => new()
    {
        { "veth-netns", MakeState("veth-red", netns: "red"), "There is no interface veth-red in namespace red on host1." },
        { "veth-netns", MakeState("v-red"), "There is no interface v-red on host1; it is in namespace red." },
        { "veth-netns", MakeState("v-red", netns: "green"), "There is no namespace green on host1." },
        { "veth-netns", MakeState("v-red", netns: "red", absent: true), "v-red still exists in namespace red on host1, but it should be gone." },
        { "veth-netns", MakeState("v-red", netns: "red", peerNetns: "green"), "The other end of v-red (v-blue) is in namespace blue, not in namespace green." },
        { "veth-netns", MakeState("v-red", netns: "red", peerNetns: ""), "The other end of v-red (v-blue) is in namespace blue, not in the node's own namespace." },
        { "veth-netns", MakeState("v-red", netns: "red", address: "10.0.0.9/24"), "v-red has 10.0.0.1/24, not 10.0.0.9/24." },
        { "veth-netns", MakeState("v-red", netns: "red", address: "10.0.0.1/16"), "v-red has 10.0.0.1/24, not 10.0.0.1/16: the prefix length is wrong." },
        { "veth-netns", MakeState(null, netns: "red", route: "default", via: "10.0.0.3"), "The route to default in namespace red on host1 goes via 10.0.0.2, not via 10.0.0.3." },
        { "veth-netns", MakeState(null, netns: "red", route: "10.0.0.0/24", via: "10.0.0.254"), "The route to 10.0.0.0/24 in namespace red on host1 has no gateway (it goes straight out of v-red); it should go via 10.0.0.254." },
        { "veth-netns", MakeState(null, netns: "blue", route: "default"), "There is no route to default in namespace blue on host1." },
        { "veth-netns", MakeState(null, netns: "red", route: "10.0.0.0/24", absent: true), "There is still a route to 10.0.0.0/24 in namespace red on host1, but it should be gone." },
        { "veth-netns", MakeState("eth0", route: "default", via: "172.31.250.1", kind: "bridge"), "eth0 is of kind veth, not bridge." },
        { "bridge-three", MakeState("br0", kind: "veth"), "br0 is of kind bridge, not veth." },
        { "bridge-three", MakeState("eth0", master: "br0"), "br0 exists, but eth0 is not attached to it." },
        { "bridge-three", MakeState("br-a", master: "br1"), "There is no br1 on host1, so br-a cannot be attached to it." },
        { "bridge-three", MakeState("br-a", address: "10.1.0.254/24"), "10.1.0.254/24 is on br0, not on br-a." },
        { "bridge-three", MakeState("br-a", address: "10.1.0.9/24"), "br-a has no IPv4 address; it should have 10.1.0.9/24." },
        { "bridge-three", MakeState("br0", peerNetns: "a"), "br0 is not a veth, so it has no peer in namespace a." },
        { "vxlan", MakeState("vxlan42", vxlanId: 43), "vxlan42 has VXLAN id 42, not 43." },
        { "vxlan", MakeState("vxlan42", remote: "172.31.250.13"), "vxlan42 sends to 172.31.250.12, not to 172.31.250.13." },
        { "vxlan", MakeState("br0", vxlanId: 42), "br0 is not a VXLAN device, so it has no VXLAN id 42." },
        { "vxlan", MakeState("eth0", remote: "172.31.250.12"), "eth0 is not a tunnel, so it has no remote 172.31.250.12." },
        { "down-interface", MakeState("down0", state: "up"), "down0 is down on host1; it should be up." },
        { "down-interface", MakeState("up0", state: "down"), "up0 is up on host1, but it should be down." },
        { "down-interface", MakeState("up0", state: "up"), "up0 is up, but has no carrier: the other end, down0, is down." },
        { "down-interface", MakeState("down0", state: "up", address: "10.2.0.3/24"), "down0 is down on host1; it should be up. down0 has 10.2.0.2/24, not 10.2.0.3/24." },
    };

    public static TheoryData<string, StateCheck> Passes() => new()
    {
        { "veth-netns", MakeState("v-red", netns: "red", kind: "veth", peerNetns: "blue", address: "10.0.0.1/24", state: "up") },
        { "veth-netns", MakeState("v-blue", netns: "blue", kind: "veth", peerNetns: "red") },
        { "veth-netns", MakeState("veth-red", netns: "red", absent: true) },
        { "veth-netns", MakeState("v-red", netns: "green", absent: true) },
        { "veth-netns", MakeState(null, netns: "red", route: "default", via: "10.0.0.2") },
        { "veth-netns", MakeState("v-red", netns: "red", route: "10.0.0.0/24") },
        { "veth-netns", MakeState(null, netns: "red", route: "10.0.0.7/24") },
        { "veth-netns", MakeState(null, netns: "blue", route: "default", absent: true) },
        { "bridge-three", MakeState("br-a", kind: "veth", master: "br0", state: "up", peerNetns: "a") },
        { "bridge-three", MakeState("br0", kind: "bridge", address: "10.1.0.254/24") },
        { "vxlan", MakeState("vxlan42", kind: "vxlan", vxlanId: 42, remote: "172.31.250.12", master: "br0", state: "up") },
        { "vxlan", MakeState("vxlan42", node: "host2", vxlanId: 42, remote: "172.31.250.11") },
        { "down-interface", MakeState("down0", state: "down") },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Evaluate_Mismatch_FailsWithActionableMessage(string fixture, StateCheck check, string message)
    {
        var result = StateCheckEvaluator.Evaluate(check, Graph(fixture));

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal(message, result.Message);
    }

    [Theory]
    [MemberData(nameof(Passes))]
    public void Evaluate_Matching_Passes(string fixture, StateCheck check)
    {
        var result = StateCheckEvaluator.Evaluate(check, Graph(fixture));

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Evaluate_Passing_ListsWhatHolds()
    {
        var result = StateCheckEvaluator.Evaluate(MakeState("v-red", netns: "red", kind: "veth", peerNetns: "blue"), VethNetns);

        Assert.Equal("v-red in namespace red on host1: kind veth, its peer v-blue in namespace blue.", result.Message);
    }

    [Fact]
    public void Evaluate_NodeCouldNotBeRead_IsAnError()
    {
        var graph = InterfaceGraphBuilder.Build([new NamespaceSnapshot(Host1, null, null, null, null, CollectionError: "reading host1 timed out after 10 s")]);

        var result = StateCheckEvaluator.Evaluate(MakeState("eth0"), graph);

        Assert.True(result.Errored);
        Assert.Contains("reading host1 timed out", result.Message);
    }

    [Fact]
    public void Evaluate_NodeNotInGraph_IsAnError()
    {
        var result = StateCheckEvaluator.Evaluate(MakeState("eth0", node: "host9"), VethNetns);

        Assert.True(result.Errored);
    }

    [Fact]
    public void Evaluate_InlineIpJson_ChecksMasterOfAnotherBridge()
    {
        const string links = """
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"operstate":"UNKNOWN","link_type":"loopback"},
             {"ifindex":2,"ifname":"br0","flags":["UP"],"operstate":"UP","link_type":"ether","linkinfo":{"info_kind":"bridge"}},
             {"ifindex":3,"ifname":"br1","flags":["UP"],"operstate":"UP","link_type":"ether","linkinfo":{"info_kind":"bridge"}},
             {"ifindex":4,"ifname":"tap0","flags":["UP"],"operstate":"UP","link_type":"ether","master":"br1","linkinfo":{"info_kind":"tun","info_data":{"type":"tap"}}}]
            """;
        var graph = InterfaceGraphBuilder.Build([new NamespaceSnapshot(Host1, null, links, "[]", "[]")]);

        var wrong = StateCheckEvaluator.Evaluate(MakeState("tap0", master: "br0"), graph);
        var right = StateCheckEvaluator.Evaluate(MakeState("tap0", master: "br1", kind: "tap"), graph);

        Assert.Equal("br0 exists, but tap0 is attached to br1 instead.", wrong.Message);
        Assert.True(right.Passed, right.Message);
    }

    [Fact]
    public async Task EvaluateAsync_TwoChecksInOneContext_ReadTheGraphOnce()
    {
        var reads = 0;
        var context = new GradingContext(Lab(), new FakeNodeShell(), _ =>
        {
            reads++;
            return Task.FromResult(VethNetns);
        });
        var evaluator = new StateCheckEvaluator();

        await evaluator.EvaluateAsync(MakeState("v-red", netns: "red"), context, default);
        await evaluator.EvaluateAsync(MakeState("v-blue", netns: "blue"), context, default);

        Assert.Equal(1, reads);
    }

    private static InterfaceGraph Graph(string fixture) => fixture switch
    {
        "veth-netns" => VethNetns,
        "bridge-three" => BridgeThree,
        "vxlan" => Vxlan,
        "down-interface" => DownInterface,
        _ => throw new ArgumentOutOfRangeException(nameof(fixture)),
    };
}
