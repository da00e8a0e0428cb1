using System.Text.Json;
using System.Text.Json.Nodes;
using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>
/// An immutable model of a session's real network: lab nodes, the namespaces inside them, their interfaces and
/// routes, session networks, and typed edges (veth peers, bridge membership, tunnel underlay and remote, session
/// network legs). Built by <see cref="InterfaceGraphBuilder"/>; rendered as cytoscape.js elements by
/// <see cref="Elements"/> and <see cref="ToJson"/>; compared with <see cref="GraphDiff.Compute"/>.
/// Safe to share between threads.
/// </summary>
public sealed class InterfaceGraph
{
    private readonly Dictionary<string, GraphInterface> _interfacesById;
    private readonly Lazy<IReadOnlyList<GraphElement>> _elements;

    internal InterfaceGraph(
        IReadOnlyList<GraphLabNode> nodes,
        IReadOnlyList<GraphNamespace> namespaces,
        IReadOnlyList<GraphInterface> interfaces,
        IReadOnlyList<GraphNetwork> networks,
        IReadOnlyList<GraphEdge> edges,
        IReadOnlyList<GraphDiagnostic> diagnostics)
    {
        Nodes = nodes;
        Namespaces = namespaces;
        Interfaces = interfaces;
        Networks = networks;
        Edges = edges;
        Diagnostics = diagnostics;
        _interfacesById = interfaces.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _elements = new Lazy<IReadOnlyList<GraphElement>>(BuildElements);
    }

    /// <summary>A graph with nothing in it (the "previous" graph of a first discovery pass).</summary>
    public static InterfaceGraph Empty { get; } = new([], [], [], [], [], []);

    /// <summary>Lab nodes, ordered by name.</summary>
    public IReadOnlyList<GraphLabNode> Nodes { get; }

    /// <summary>Namespaces, per node the root first, then by name.</summary>
    public IReadOnlyList<GraphNamespace> Namespaces { get; }

    /// <summary>Interfaces, per namespace ordered by ifindex.</summary>
    public IReadOnlyList<GraphInterface> Interfaces { get; }

    /// <summary>Session networks, ordered by name.</summary>
    public IReadOnlyList<GraphNetwork> Networks { get; }

    /// <summary>Edges, ordered by id.</summary>
    public IReadOnlyList<GraphEdge> Edges { get; }

    /// <summary>What could not be read or resolved; empty when everything was understood.</summary>
    public IReadOnlyList<GraphDiagnostic> Diagnostics { get; }

    /// <summary>The cytoscape.js elements: compound nodes (lab node, namespace, interface), networks, then edges.</summary>
    public IReadOnlyList<GraphElement> Elements => _elements.Value;

    /// <summary>The interface with element id <paramref name="id"/>, or null.</summary>
    public GraphInterface? GetInterface(string id) => _interfacesById.GetValueOrDefault(id);

    /// <summary>The interface named <paramref name="name"/> in a namespace of a node, or null.</summary>
    public GraphInterface? FindInterface(NodeName node, string? netns, string name) =>
        GetInterface(GraphInterface.IdOf(node, netns, name));

    /// <summary>The namespace of a node (null for the root one), or null when the node has no such namespace.</summary>
    public GraphNamespace? FindNamespace(NodeName node, string? netns)
    {
        var id = GraphNamespace.IdOf(node, netns);
        return Namespaces.FirstOrDefault(n => n.Id == id);
    }

    /// <summary>Edges touching element <paramref name="id"/>, optionally of one kind.</summary>
    public IEnumerable<GraphEdge> EdgesOf(string id, EdgeKind? kind = null) =>
        Edges.Where(e => (e.Source == id || e.Target == id) && (kind is null || e.Kind == kind));

    /// <summary>The other end of a veth pair, or null when it is outside the graph or unresolved.</summary>
    public GraphInterface? PeerOf(GraphInterface iface) => Other(iface.Id, EdgeKind.VethPeer);

    /// <summary>The interface a tunnel's packets leave by, or null.</summary>
    public GraphInterface? UnderlayOf(GraphInterface tunnel) => Target(tunnel.Id, EdgeKind.TunnelUnderlay);

    /// <summary>The interface holding a tunnel's remote address, or null.</summary>
    public GraphInterface? RemoteOf(GraphInterface tunnel) => Target(tunnel.Id, EdgeKind.TunnelRemote);

    /// <summary>The ports enslaved to a bridge.</summary>
    public IEnumerable<GraphInterface> MembersOf(GraphInterface bridge) =>
        Edges.Where(e => e.Kind == EdgeKind.BridgeMember && e.Target == bridge.Id).Select(e => _interfacesById[e.Source]);

    /// <summary>The graph as JSON: <c>{"format":1,"elements":[...],"diagnostics":[...]}</c> (docs/graph-format.md).</summary>
    public string ToJson()
    {
        var elements = new JsonArray();
        foreach (var element in Elements)
        {
            elements.Add(element.ToJsonNode());
        }

        var root = new JsonObject
        {
            ["format"] = GraphJson.FormatVersion,
            ["elements"] = elements,
            ["diagnostics"] = DiagnosticsJson(Diagnostics),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    internal static JsonArray DiagnosticsJson(IReadOnlyList<GraphDiagnostic> diagnostics)
    {
        var array = new JsonArray();
        foreach (var d in diagnostics)
        {
            array.Add(new JsonObject
            {
                ["severity"] = d.Severity == GraphDiagnosticSeverity.Error ? "error" : "warning",
                ["node"] = d.Node?.Value,
                ["netns"] = d.Netns,
                ["source"] = d.Source,
                ["message"] = d.Message,
            });
        }

        return array;
    }

    private GraphInterface? Target(string id, EdgeKind kind)
    {
        var edge = Edges.FirstOrDefault(e => e.Kind == kind && e.Source == id);
        return edge is null ? null : GetInterface(edge.Target);
    }

    private GraphInterface? Other(string id, EdgeKind kind)
    {
        var edge = EdgesOf(id, kind).FirstOrDefault();
        return edge is null ? null : GetInterface(edge.Source == id ? edge.Target : edge.Source);
    }

    private IReadOnlyList<GraphElement> BuildElements()
    {
        var list = new List<GraphElement>(Nodes.Count + Namespaces.Count + Interfaces.Count + Networks.Count + Edges.Count);
        list.AddRange(Nodes.Select(n => new GraphElement(false, new JsonObject
        {
            ["id"] = n.Id,
            ["type"] = "node",
            ["label"] = n.Name.Value,
        })));
        list.AddRange(Namespaces.Select(NamespaceElement));
        list.AddRange(Interfaces.Select(InterfaceElement));
        list.AddRange(Networks.Select(n => new GraphElement(false, new JsonObject
        {
            ["id"] = n.Id,
            ["type"] = "network",
            ["label"] = n.Name,
            ["subnet"] = n.Subnet,
        })));
        list.AddRange(Edges.Select(e => new GraphElement(true, new JsonObject
        {
            ["id"] = e.Id,
            ["source"] = e.Source,
            ["target"] = e.Target,
            ["kind"] = GraphJson.KindName(e.Kind),
        })));
        return list;
    }

    private static GraphElement NamespaceElement(GraphNamespace ns)
    {
        var routes = new JsonArray();
        foreach (var r in ns.Routes)
        {
            routes.Add(new JsonObject
            {
                ["dst"] = r.Destination,
                ["gateway"] = r.Gateway,
                ["dev"] = r.Dev,
                ["protocol"] = r.Protocol,
                ["scope"] = r.Scope,
                ["type"] = r.Type,
                ["metric"] = r.Metric,
                ["family"] = r.IsIPv6 ? "inet6" : "inet",
            });
        }

        return new GraphElement(false, new JsonObject
        {
            ["id"] = ns.Id,
            ["parent"] = ns.Node.Value,
            ["type"] = "netns",
            ["label"] = ns.Name ?? "root",
            ["node"] = ns.Node.Value,
            ["netns"] = ns.Name,
            ["root"] = ns.IsRoot,
            ["routes"] = routes,
        });
    }

    private static GraphElement InterfaceElement(GraphInterface i)
    {
        var addresses = new JsonArray();
        foreach (var a in i.Addresses)
        {
            addresses.Add(a.ToString());
        }

        var flags = new JsonArray();
        foreach (var f in i.Flags)
        {
            flags.Add(f);
        }

        var data = new JsonObject
        {
            ["id"] = i.Id,
            ["parent"] = i.NamespaceId,
            ["type"] = "interface",
            ["label"] = i.Name,
            ["node"] = i.Node.Value,
            ["netns"] = i.Netns,
            ["name"] = i.Name,
            ["ifindex"] = i.IfIndex,
            ["kind"] = GraphJson.KindName(i.Kind),
            ["rawKind"] = i.RawKind,
            ["operState"] = i.OperState,
            ["up"] = i.IsAdminUp,
            ["flags"] = flags,
            ["mtu"] = i.Mtu,
            ["mac"] = i.Mac,
            ["addresses"] = addresses,
            ["master"] = i.Master,
        };
        if (i.Vxlan is { } v)
        {
            data["vxlan"] = new JsonObject
            {
                ["id"] = v.Id,
                ["local"] = v.Local,
                ["remote"] = v.Remote,
                ["group"] = v.Group,
                ["dev"] = v.Dev,
                ["port"] = v.Port,
            };
        }

        if (i.Tunnel is { } t)
        {
            data["tunnel"] = new JsonObject
            {
                ["local"] = t.Local,
                ["remote"] = t.Remote,
                ["dev"] = t.Dev,
            };
        }

        return new GraphElement(false, data);
    }
}
