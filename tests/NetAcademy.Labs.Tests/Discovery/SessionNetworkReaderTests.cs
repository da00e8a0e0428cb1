using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Docker.Models;
using NetAcademy.Labs.Discovery;
using NetAcademy.Labs.Runtime;
using NetAcademy.Labs.Tests.Support;

namespace NetAcademy.Labs.Tests.Discovery;

public sealed class SessionNetworkReaderTests
{
    private static readonly SessionId Session = SessionId.New();

    private static Lab TwoNetworks()
    {
        var lab = TestLabs.TwoNodes();
        var mgmt = new LabNetwork(new NetworkName("mgmt"), "10.98.0.0/24", [new NetworkAttachment(new NodeName("b"), "eth1", null)]);
        return lab with { Networks = [.. lab.Networks, mgmt] };
    }

    private static Dictionary<string, EndpointSettings> Endpoints(params (string Network, string? Mac, string? Ip)[] legs) =>
        legs.ToDictionary(l => LabLabels.NetworkName(Session.Value, l.Network), l => new EndpointSettings { MacAddress = l.Mac, IPAddress = l.Ip });

    [Fact]
    public void Map_ContainersOnTwoNetworks_GivesEachNetworkItsSubnetAndMembersInLabOrder()
    {
        var endpoints = new Dictionary<NodeName, IDictionary<string, EndpointSettings>>
        {
            [new NodeName("a")] = Endpoints(("underlay", "02:42:0A:63:00:02", "10.99.0.2")),
            [new NodeName("b")] = Endpoints(("underlay", "02:42:0a:63:00:03", "10.99.0.3"), ("mgmt", "02:42:0a:62:00:05", "10.98.0.5")),
        };

        var networks = SessionNetworkReader.Map(Session, TwoNetworks(), endpoints);

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
        var endpoints = new Dictionary<NodeName, IDictionary<string, EndpointSettings>>
        {
            [new NodeName("b")] = Endpoints(("underlay", "02:42:0a:63:00:03", "10.99.0.3")),
        };

        var members = SessionNetworkReader.Map(Session, TestLabs.TwoNodes(), endpoints)[0].Members;

        Assert.Equal(new NodeName("a"), members[0].Node);
        Assert.Null(members[0].Mac);
        Assert.Equal("10.99.0.2", members[0].Address);
    }

    [Fact]
    public void Map_EngineReportsEmptyStrings_TreatsThemAsUnknown()
    {
        var endpoints = new Dictionary<NodeName, IDictionary<string, EndpointSettings>>
        {
            [new NodeName("b")] = Endpoints(("mgmt", "", " ")),
        };

        var mgmt = SessionNetworkReader.Map(Session, TwoNetworks(), endpoints)[1].Members[0];

        Assert.Null(mgmt.Mac);
        Assert.Null(mgmt.Address);
    }

    [Fact]
    public void Map_EndpointOfAnotherSession_IsNotUsed()
    {
        var other = SessionId.New();
        var endpoints = new Dictionary<NodeName, IDictionary<string, EndpointSettings>>
        {
            [new NodeName("a")] = new Dictionary<string, EndpointSettings>
            {
                [LabLabels.NetworkName(other.Value, "underlay")] = new() { MacAddress = "02:42:0a:63:00:09", IPAddress = "10.99.0.9" },
            },
        };

        var a = SessionNetworkReader.Map(Session, TestLabs.TwoNodes(), endpoints)[0].Members[0];

        Assert.Null(a.Mac);
        Assert.Equal("10.99.0.2", a.Address);
    }
}
