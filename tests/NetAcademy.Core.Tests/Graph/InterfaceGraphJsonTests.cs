using System.Text.Json;
using NetAcademy.Core.Graph;

namespace NetAcademy.Core.Tests.Graph;

/// <summary>The JSON shape documented in docs/graph-format.md, over a real recorded case.</summary>
public sealed class InterfaceGraphJsonTests
{
    [Fact]
    public void ToJson_Vxlan_HasCompoundNodesAndKindedEdges()
    {
        using var doc = JsonDocument.Parse(GraphFixture.Build("vxlan").ToJson());
        var root = doc.RootElement;
        Assert.Equal(GraphJson.FormatVersion, root.GetProperty("format").GetInt32());
        Assert.Equal(0, root.GetProperty("diagnostics").GetArrayLength());
        var elements = root.GetProperty("elements").EnumerateArray()
            .ToDictionary(e => e.GetProperty("data").GetProperty("id").GetString()!);

        var node = elements["host1"];
        Assert.Equal(("nodes", "node"), (node.GetProperty("group").GetString(), node.GetProperty("data").GetProperty("type").GetString()));
        var ns = elements["host1/inner"].GetProperty("data");
        Assert.Equal(("host1", "netns", false), (ns.GetProperty("parent").GetString(), ns.GetProperty("type").GetString(), ns.GetProperty("root").GetBoolean()));
        Assert.True(elements["host1/"].GetProperty("data").GetProperty("root").GetBoolean());

        var vx = elements["host1//vxlan42"].GetProperty("data");
        Assert.Equal("host1/", vx.GetProperty("parent").GetString());
        Assert.Equal("vxlan", vx.GetProperty("kind").GetString());
        Assert.Equal("br0", vx.GetProperty("master").GetString());
        Assert.Equal(42, vx.GetProperty("vxlan").GetProperty("id").GetInt32());
        Assert.Equal("172.31.250.12", vx.GetProperty("vxlan").GetProperty("remote").GetString());

        var eth0 = elements["host2//eth0"].GetProperty("data");
        Assert.Equal("docker-eth", eth0.GetProperty("kind").GetString());
        Assert.Equal("172.31.250.12/24", eth0.GetProperty("addresses")[0].GetString());

        var remote = elements["tunnel-remote:host1//vxlan42->host2//eth0"];
        Assert.Equal("edges", remote.GetProperty("group").GetString());
        Assert.Equal(("host1//vxlan42", "host2//eth0", "tunnel-remote"),
            (remote.GetProperty("data").GetProperty("source").GetString(), remote.GetProperty("data").GetProperty("target").GetString(), remote.GetProperty("data").GetProperty("kind").GetString()));
        Assert.Equal("network", elements["net:lan"].GetProperty("data").GetProperty("type").GetString());
        Assert.Equal(
            ["bridge-member", "session-network", "tunnel-peer", "tunnel-remote", "tunnel-underlay", "veth"],
            elements.Values.Where(e => e.GetProperty("group").GetString() == "edges")
                .Select(e => e.GetProperty("data").GetProperty("kind").GetString()).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Elements_AreUniqueAndReferToExistingElements()
    {
        foreach (var fixture in new[] { "veth-netns", "bridge-three", "vxlan", "tun-tap", "ipv6", "down-interface", "macvlan", "same-ifindex" })
        {
            var graph = GraphFixture.Build(fixture);
            var ids = graph.Elements.Select(e => e.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            foreach (var edge in graph.Edges)
            {
                Assert.Contains(edge.Source, ids);
                Assert.Contains(edge.Target, ids);
            }
        }
    }

    [Theory]
    [InlineData("veth", InterfaceKind.Veth)]
    [InlineData("Docker-Eth", InterfaceKind.DockerEth)]
    [InlineData("tap", InterfaceKind.Tap)]
    public void TryParseInterfaceKind_KnownName_RoundTrips(string name, InterfaceKind expected)
    {
        Assert.True(GraphJson.TryParseInterfaceKind(name, out var kind));
        Assert.Equal(expected, kind);
        Assert.Equal(name.ToLowerInvariant(), GraphJson.KindName(kind));
    }

    [Fact]
    public void TryParseInterfaceKind_UnknownName_Fails() =>
        Assert.False(GraphJson.TryParseInterfaceKind("wireguard", out _));
}
