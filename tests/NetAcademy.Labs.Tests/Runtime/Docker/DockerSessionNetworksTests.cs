using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Labs.Runtime.Docker;
using NetAcademy.Labs.Tests.Support;
using Endpoints = System.Collections.Generic.IReadOnlyDictionary<string, (string? Mac, string? Address)>;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

public sealed class DockerSessionNetworksTests
{
    private static readonly SessionId Session = SessionId.New();

    private static Lab TwoNetworks()
    {
        var lab = TestLabs.TwoNodes();
        var mgmt = new LabNetwork(new NetworkName("mgmt"), "10.98.0.0/24", [new NetworkAttachment(new NodeName("b"), "eth1", null)]);
        return lab with { Networks = [.. lab.Networks, mgmt] };
    }

    private static Endpoints Legs(params (string Network, string? Mac, string? Ip)[] legs) =>
        legs.ToDictionary(l => LabLabels.NetworkName(Session.Value, l.Network), l => (l.Mac, l.Ip));

    [Fact]
    public void Map_ContainersOnTwoNetworks_GivesEachNetworkItsSubnetAndMembersInLabOrder()
    {
        var endpoints = new Dictionary<NodeName, Endpoints>
        {
            [new NodeName("a")] = Legs(("underlay", "02:42:0A:63:00:02", "10.99.0.2")),
            [new NodeName("b")] = Legs(("underlay", "02:42:0a:63:00:03", "10.99.0.3"), ("mgmt", "02:42:0a:62:00:05", "10.98.0.5")),
        };

        var networks = DockerSessionNetworks.Map(Session, TwoNetworks(), endpoints);

        Assert.Equal(["underlay", "mgmt"], networks.Select(n => n.Name));
        Assert.Equal(["10.99.0.0/24", "10.98.0.0/24"], networks.Select(n => n.Subnet));
        var underlay = networks[0].Members;
        Assert.Equal(["a", "b"], underlay.Select(m => m.Node.Value));
        Assert.Equal("02:42:0a:63:00:02", underlay[0].Mac);
        Assert.Equal("10.99.0.3", underlay[1].Address);
        Assert.Equal(("02:42:0a:62:00:05", "10.98.0.5"), (networks[1].Members[0].Mac, networks[1].Members[0].Address));
    }

    [Fact]
    public void Map_NodeNotRunning_KeepsTheMemberWithTheLabsStaticAddressAndNoMac()
    {
        var endpoints = new Dictionary<NodeName, Endpoints>
        {
            [new NodeName("b")] = Legs(("underlay", "02:42:0a:63:00:03", "10.99.0.3")),
        };

        var members = DockerSessionNetworks.Map(Session, TestLabs.TwoNodes(), endpoints)[0].Members;

        Assert.Equal(new NodeName("a"), members[0].Node);
        Assert.Null(members[0].Mac);
        Assert.Equal("10.99.0.2", members[0].Address);
    }

    [Fact]
    public void Map_EngineReportsEmptyStrings_TreatsThemAsUnknown()
    {
        var endpoints = new Dictionary<NodeName, Endpoints>
        {
            [new NodeName("b")] = Legs(("mgmt", "", " ")),
        };

        var mgmt = DockerSessionNetworks.Map(Session, TwoNetworks(), endpoints)[1].Members[0];

        Assert.Null(mgmt.Mac);
        Assert.Null(mgmt.Address);
    }

    [Fact]
    public void Map_EndpointOfAnotherSession_IsNotUsed()
    {
        var other = SessionId.New();
        var endpoints = new Dictionary<NodeName, Endpoints>
        {
            [new NodeName("a")] = new Dictionary<string, (string? Mac, string? Address)>
            {
                [LabLabels.NetworkName(other.Value, "underlay")] = ("02:42:0a:63:00:09", "10.99.0.9"),
            },
        };

        var a = DockerSessionNetworks.Map(Session, TestLabs.TwoNodes(), endpoints)[0].Members[0];

        Assert.Null(a.Mac);
        Assert.Equal("10.99.0.2", a.Address);
    }
}
