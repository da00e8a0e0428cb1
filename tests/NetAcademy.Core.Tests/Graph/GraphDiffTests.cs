using System.Text.Json;
using NetAcademy.Core.Graph;

namespace NetAcademy.Core.Tests.Graph;

/// <summary>GraphDiff between real recorded states: the same namespace before and after a change.</summary>
public sealed class GraphDiffTests
{
    [Fact]
    public void Compute_SameInput_IsEmpty()
    {
        var diff = GraphDiff.Compute(GraphFixture.Build("vxlan"), GraphFixture.Build("vxlan"));

        Assert.True(diff.IsEmpty);
        Assert.Equal("""{"format":1,"added":[],"removed":[],"changed":[]}""", diff.ToJson());
    }

    [Fact]
    public void Compute_FromEmpty_AddsEveryElementParentsFirst()
    {
        var graph = GraphFixture.Build("bridge-three");

        var diff = GraphDiff.Compute(InterfaceGraph.Empty, graph);

        Assert.Equal(graph.Elements.Select(e => e.Id), diff.Added.Select(e => e.Id));
        Assert.Empty(diff.Removed);
        Assert.Empty(diff.Changed);
        var seen = new HashSet<string>();
        foreach (var element in diff.Added)
        {
            using var data = JsonDocument.Parse(element.DataJson);
            foreach (var reference in new[] { "parent", "source", "target" })
            {
                if (data.RootElement.TryGetProperty(reference, out var id))
                {
                    Assert.Contains(id.GetString()!, seen);
                }
            }

            seen.Add(element.Id);
        }
    }

    [Fact]
    public void Compute_NamespaceRemoved_RemovesItsInterfacesAndEdgesBeforeIt()
    {
        var before = GraphFixture.Build("veth-netns");
        var after = InterfaceGraphBuilder.Build(GraphFixture.Snapshots("veth-netns").Where(s => s.Netns != "blue"), GraphFixture.Networks("veth-netns"));

        var diff = GraphDiff.Compute(before, after);

        Assert.Empty(diff.Added);
        Assert.Equal(
            ["veth:host1/blue/v-blue->host1/red/v-red", "host1/blue/v-blue", "host1/blue/lo", "host1/blue"],
            diff.Removed);
        Assert.Empty(diff.Changed);
    }

    [Fact]
    public void Compute_InterfaceGoesDown_ReportsOnlyThatInterfaceAsChanged()
    {
        // down-interface recorded up0 admin-up and down0 down; flip down0's flags and state in the real JSON.
        var snapshots = GraphFixture.Snapshots("down-interface");
        var root = snapshots.Single();
        var upLink = root.LinkJson!.Replace(
            "\"ifname\":\"down0\",\"flags\":[\"BROADCAST\",\"MULTICAST\"],\"mtu\":1500,\"qdisc\":\"noop\",\"operstate\":\"DOWN\"",
            "\"ifname\":\"down0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],\"mtu\":1500,\"qdisc\":\"noop\",\"operstate\":\"UP\"",
            StringComparison.Ordinal);
        Assert.NotEqual(root.LinkJson, upLink);

        var diff = GraphDiff.Compute(
            InterfaceGraphBuilder.Build(snapshots),
            InterfaceGraphBuilder.Build([root with { LinkJson = upLink }]));

        var changed = Assert.Single(diff.Changed);
        Assert.Equal("host1//down0", changed.Id);
        Assert.Contains("\"operState\":\"UP\"", changed.DataJson, StringComparison.Ordinal);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
    }

    [Fact]
    public void Compute_RouteAdded_ChangesTheNamespaceElement()
    {
        var snapshots = GraphFixture.Snapshots("veth-netns");
        var blue = snapshots.Single(s => s.Netns == "blue");
        var withRoute = blue with { RouteJson = blue.RouteJson!.TrimEnd()[..^1] + """,{"dst":"default","gateway":"10.0.0.1","dev":"v-blue","flags":[]}]""" };

        var diff = GraphDiff.Compute(
            InterfaceGraphBuilder.Build(snapshots),
            InterfaceGraphBuilder.Build(snapshots.Select(s => s == blue ? withRoute : s)));

        Assert.Null(diff.Diagnostics);
        Assert.Equal(["host1/blue"], diff.Changed.Select(e => e.Id));
        Assert.Contains("\"gateway\":\"10.0.0.1\"", diff.Changed[0].DataJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_DiagnosticsAppear_CarriesTheNewList()
    {
        var snapshots = GraphFixture.Snapshots("tun-tap");
        var broken = snapshots.Select(s => s with { AddrJson = "{" }).ToList();

        var diff = GraphDiff.Compute(InterfaceGraphBuilder.Build(snapshots), InterfaceGraphBuilder.Build(broken));

        Assert.NotNull(diff.Diagnostics);
        Assert.Equal("addr", Assert.Single(diff.Diagnostics!).Source);
        Assert.Contains("\"diagnostics\":[{\"severity\":\"error\"", diff.ToJson(), StringComparison.Ordinal);
        Assert.Contains(diff.Changed, e => e.Id == "host1//tun0");
    }
}
