using System.Net;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Core.Graph;

/// <summary>
/// Builds an <see cref="InterfaceGraph"/> from raw iproute2 outputs. Pure: no I/O, the same input always gives
/// the same graph. Never throws on odd input: unusable parts become <see cref="InterfaceGraph.Diagnostics"/>.
/// </summary>
public static class InterfaceGraphBuilder
{
    /// <summary>Builds the graph of one session.</summary>
    /// <param name="snapshots">One snapshot per namespace per node (root namespaces have a null netns).</param>
    /// <param name="networks">The session networks joining the nodes, as the container runtime knows them.</param>
    /// <returns>The graph; its diagnostics list what could not be read or resolved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshots"/> is null.</exception>
    public static InterfaceGraph Build(IEnumerable<NamespaceSnapshot> snapshots, IEnumerable<SessionNetworkInfo>? networks = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var diagnostics = new List<GraphDiagnostic>();
        var spaces = ReadSpaces(snapshots, diagnostics);
        var links = spaces.SelectMany(s => s.Links).ToList();
        var edges = new Dictionary<string, GraphEdge>(StringComparer.Ordinal);
        void Add(EdgeKind kind, string source, string target)
        {
            var edge = GraphEdge.Create(kind, source, target);
            edges.TryAdd(edge.Id, edge);
        }

        var graphNetworks = MatchSessionNetworks(spaces, networks ?? [], diagnostics, Add);
        PairVeths(spaces, links, diagnostics, Add);
        LinkMasters(links, diagnostics, Add);
        LinkLowers(spaces, links, Add);
        LinkTunnels(links, diagnostics, Add);

        var nodes = spaces.Select(s => s.Node).Distinct().OrderBy(n => n.Value, StringComparer.Ordinal)
            .Select(n => new GraphLabNode(n.Value, n)).ToList();
        var namespaces = spaces.Select(s => new GraphNamespace(s.Id, s.Node, s.Netns, s.Routes.ToArray())).ToList();
        var interfaces = spaces.SelectMany(s => s.Links.OrderBy(l => l.IfIndex)).Select(ToInterface).ToList();
        return new InterfaceGraph(
            nodes, namespaces, interfaces, graphNetworks,
            edges.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList(),
            diagnostics);
    }

    private static List<RawNamespace> ReadSpaces(IEnumerable<NamespaceSnapshot> snapshots, List<GraphDiagnostic> diagnostics)
    {
        var spaces = new List<RawNamespace>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            if (snapshot is null || snapshot.Node.Value is null)
            {
                continue;
            }

            if (snapshot.Netns is not null && !NetnsName.IsValid(snapshot.Netns))
            {
                diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Error, snapshot.Node, null, "graph",
                    $"'{snapshot.Netns}' is not a valid namespace name; that namespace is left out"));
                continue;
            }

            if (!seen.Add(GraphNamespace.IdOf(snapshot.Node, snapshot.Netns)))
            {
                diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Warning, snapshot.Node, snapshot.Netns, "graph",
                    "the namespace was given twice; the first snapshot is kept"));
                continue;
            }

            spaces.Add(IpJsonReader.Read(snapshot, diagnostics));
        }

        return spaces
            .OrderBy(s => s.Node.Value, StringComparer.Ordinal)
            .ThenBy(s => s.IsRoot ? 0 : 1)
            .ThenBy(s => s.Netns, StringComparer.Ordinal)
            .ToList();
    }

    private static GraphInterface ToInterface(RawLink l) => new(
        l.Id, l.Space.Node, l.Space.Netns, l.Name, l.IfIndex, l.Kind, l.RawKind, l.OperState, l.Flags, l.Mtu, l.Mac,
        l.Addresses.ToArray(), l.Master, l.Vxlan, l.Tunnel)
    {
        VlanId = l.VlanId,
        BridgeVlans = l.BridgeVlans?.ToArray(),
    };

    /// <summary>
    /// The namespaces of the same node that <paramref name="netnsid"/>, as seen from <paramref name="from"/>, may
    /// denote. Without an id the peer is in <paramref name="from"/> itself. With <c>ip netns list-id</c> output the
    /// id names a namespace, or is unnamed: the node's root namespace when seen from a named one, outside the node
    /// (Docker's host side) when seen from the root. Without that output any other namespace of the node may match.
    /// </summary>
    private static IEnumerable<RawNamespace> PeerSpaces(List<RawNamespace> spaces, RawNamespace from, int? netnsid)
    {
        if (netnsid is not { } id)
        {
            return [from];
        }

        var others = spaces.Where(s => s.Node == from.Node && s != from);
        if (from.NsidNames is { } names && names.TryGetValue(id, out var name))
        {
            return name is not null
                ? others.Where(s => s.Netns == name)
                : from.IsRoot ? [] : others.Where(s => s.IsRoot);
        }

        return others;
    }

    private static IReadOnlyList<GraphNetwork> MatchSessionNetworks(
        List<RawNamespace> spaces, IEnumerable<SessionNetworkInfo> networks, List<GraphDiagnostic> diagnostics,
        Action<EdgeKind, string, string> addEdge)
    {
        var result = new List<GraphNetwork>();
        foreach (var network in networks.Where(n => n is not null && !string.IsNullOrEmpty(n.Name)).DistinctBy(n => n.Name))
        {
            var graphNetwork = new GraphNetwork(GraphNetwork.IdOf(network.Name), network.Name, network.Subnet);
            result.Add(graphNetwork);
            foreach (var member in network.Members ?? [])
            {
                if (member is null || member.Node.Value is null)
                {
                    continue;
                }

                var nodeLinks = spaces.Where(s => s.Node == member.Node).SelectMany(s => s.Links).ToList();
                if (nodeLinks.Count == 0)
                {
                    continue;
                }

                var leg = FindLeg(nodeLinks, member);
                if (leg is null)
                {
                    diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Warning, member.Node, null, "network",
                        $"no interface of {member.Node} has the MAC {member.Mac ?? "-"} or address {member.Address ?? "-"} it has on network '{network.Name}'"));
                    continue;
                }

                leg.SessionNetwork = network.Name;
                if (leg.Kind == InterfaceKind.Veth)
                {
                    leg.Kind = InterfaceKind.DockerEth;
                }

                addEdge(EdgeKind.SessionNetwork, leg.Id, graphNetwork.Id);
            }
        }

        return result.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
    }

    private static RawLink? FindLeg(List<RawLink> nodeLinks, SessionNetworkMember member)
    {
        // Root namespace first: that is where Docker puts the leg; a learner may have moved it, so look further.
        var ordered = nodeLinks.OrderBy(l => l.Space.IsRoot ? 0 : 1).ToList();
        if (!string.IsNullOrEmpty(member.Mac)
            && ordered.FirstOrDefault(l => string.Equals(l.Mac, member.Mac, StringComparison.OrdinalIgnoreCase)) is { } byMac)
        {
            return byMac;
        }

        return IPAddress.TryParse(member.Address, out var ip) ? ordered.FirstOrDefault(l => l.HasAddress(ip)) : null;
    }

    private static void PairVeths(List<RawNamespace> spaces, List<RawLink> links, List<GraphDiagnostic> diagnostics, Action<EdgeKind, string, string> addEdge)
    {
        var veths = links.Where(l => l.Kind == InterfaceKind.Veth).ToList();
        var paired = new Dictionary<RawLink, RawLink>();

        // First inside each node, where namespace ids can be resolved; then what is left across nodes.
        var inside = veths.ToDictionary(a => a, a => InsideCandidates(spaces, a));
        Match(inside, paired);

        var leftovers = veths.Where(a => !paired.ContainsKey(a) && a.LinkIndex is not null && a.LinkNetnsId is not null
            && !PeerSpaces(spaces, a.Space, a.LinkNetnsId).Any()).ToList();
        var across = leftovers.ToDictionary(a => a, a => leftovers
            .Where(b => b.Space.Node != a.Space.Node && b.IfIndex == a.LinkIndex && b.LinkIndex == a.IfIndex).ToList());
        Match(across, paired);

        foreach (var (a, candidates) in inside)
        {
            var open = candidates.Where(b => !paired.ContainsKey(b)).ToList();
            if (!paired.ContainsKey(a) && open.Count > 1)
            {
                diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Warning, a.Space.Node, a.Space.Netns, "graph",
                    $"the veth peer of '{a.Name}' is ambiguous ({string.Join(", ", open.Select(b => b.Id))}); no peer edge is drawn"));
            }
        }

        foreach (var (a, b) in paired)
        {
            addEdge(EdgeKind.VethPeer, a.Id, b.Id);
        }
    }

    private static List<RawLink> InsideCandidates(List<RawNamespace> spaces, RawLink a)
    {
        if (a.LinkName is { } name)
        {
            return a.Space.Links.Where(b => b != a && b.Name == name && b.Kind == InterfaceKind.Veth && b.LinkName == a.Name).ToList();
        }

        if (a.LinkIndex is not { } index)
        {
            return [];
        }

        return PeerSpaces(spaces, a.Space, a.LinkNetnsId)
            .SelectMany(s => s.Links)
            .Where(b => b != a && b.Kind == InterfaceKind.Veth && b.IfIndex == index && b.LinkIndex == a.IfIndex
                && PeerSpaces(spaces, b.Space, b.LinkNetnsId).Contains(a.Space))
            .ToList();
    }

    /// <summary>Pairs ends whose only open candidate is each other, repeating until nothing changes, so one settled pair can settle another.</summary>
    private static void Match(Dictionary<RawLink, List<RawLink>> candidates, Dictionary<RawLink, RawLink> paired)
    {
        for (var progress = true; progress;)
        {
            progress = false;
            foreach (var (a, list) in candidates)
            {
                if (paired.ContainsKey(a) || list.Where(b => !paired.ContainsKey(b)).ToList() is not [var b])
                {
                    continue;
                }

                if (candidates.TryGetValue(b, out var back) && back.Where(x => !paired.ContainsKey(x)).ToList() is [var only] && only == a)
                {
                    paired[a] = b;
                    paired[b] = a;
                    progress = true;
                }
            }
        }
    }

    private static void LinkMasters(List<RawLink> links, List<GraphDiagnostic> diagnostics, Action<EdgeKind, string, string> addEdge)
    {
        foreach (var port in links.Where(l => l.Master is not null))
        {
            if (port.Space.Link(port.Master!) is not { } master)
            {
                diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Warning, port.Space.Node, port.Space.Netns, "graph",
                    $"'{port.Name}' names master '{port.Master}', which is not in its namespace"));
                continue;
            }

            addEdge(master.Kind == InterfaceKind.Bridge ? EdgeKind.BridgeMember : EdgeKind.Master, port.Id, master.Id);
        }
    }

    private static void LinkLowers(List<RawNamespace> spaces, List<RawLink> links, Action<EdgeKind, string, string> addEdge)
    {
        foreach (var upper in links.Where(l => l.Kind is InterfaceKind.Macvlan or InterfaceKind.Vlan || l.RawKind is "ipvlan" or "ipvtap"))
        {
            var parents = upper.LinkName is { } name
                ? upper.Space.Links.Where(l => l.Name == name).ToList()
                : upper.LinkIndex is { } index
                    ? PeerSpaces(spaces, upper.Space, upper.LinkNetnsId).SelectMany(s => s.Links).Where(l => l.IfIndex == index).ToList()
                    : [];
            if (parents is [var parent])
            {
                addEdge(EdgeKind.Lower, upper.Id, parent.Id);
            }
        }
    }

    private static void LinkTunnels(List<RawLink> links, List<GraphDiagnostic> diagnostics, Action<EdgeKind, string, string> addEdge)
    {
        var tunnels = links.Where(l => l.Vxlan is not null || l.Tunnel is not null).ToList();
        var underlays = new Dictionary<RawLink, RawLink>();
        var remotes = new Dictionary<RawLink, RawLink>();
        foreach (var tunnel in tunnels)
        {
            var (local, remote, dev) = tunnel.Vxlan is { } v ? (v.Local, v.Remote, v.Dev) : (tunnel.Tunnel!.Local, tunnel.Tunnel.Remote, tunnel.Tunnel.Dev);
            var underlay = FindUnderlay(tunnel, local, remote, dev);
            if (underlay is not null)
            {
                underlays[tunnel] = underlay;
                addEdge(EdgeKind.TunnelUnderlay, tunnel.Id, underlay.Id);
            }

            if (IPAddress.TryParse(remote, out var remoteIp))
            {
                var holder = FindRemoteHolder(links, tunnel, underlay, remoteIp, diagnostics);
                if (holder is not null)
                {
                    remotes[tunnel] = holder;
                    addEdge(EdgeKind.TunnelRemote, tunnel.Id, holder.Id);
                }
            }
        }

        foreach (var a in tunnels)
        {
            foreach (var b in tunnels.Where(b => b != a && b.Kind == a.Kind && b.Vxlan?.Id == a.Vxlan?.Id))
            {
                if (remotes.GetValueOrDefault(a) is { } ra && underlays.GetValueOrDefault(b) == ra
                    && remotes.GetValueOrDefault(b) is { } rb && underlays.GetValueOrDefault(a) == rb)
                {
                    addEdge(EdgeKind.TunnelPeer, a.Id, b.Id);
                }
            }
        }
    }

    /// <summary>The tunnel's dev when set; else the holder of its local address; else the route the kernel would use to reach the remote.</summary>
    private static RawLink? FindUnderlay(RawLink tunnel, string? local, string? remote, string? dev)
    {
        var space = tunnel.Space;
        if (dev is not null)
        {
            return space.Link(dev);
        }

        if (IPAddress.TryParse(local, out var localIp))
        {
            return space.Links.FirstOrDefault(l => l != tunnel && l.HasAddress(localIp));
        }

        return IPAddress.TryParse(remote, out var remoteIp) && RouteLookup.Lookup(space.Routes, remoteIp) is { Dev: { } routeDev } && routeDev != tunnel.Name
            ? space.Link(routeDev)
            : null;
    }

    private static RawLink? FindRemoteHolder(List<RawLink> links, RawLink tunnel, RawLink? underlay, IPAddress remote, List<GraphDiagnostic> diagnostics)
    {
        var holders = links.Where(l => l.Space != tunnel.Space && l.HasAddress(remote)).ToList();
        if (holders.Count > 1 && underlay?.SessionNetwork is { } network)
        {
            // The same address may exist in several isolated places; the one reachable over the underlay's network wins.
            holders = holders.Where(h => h.SessionNetwork == network).ToList() is { Count: > 0 } onNetwork ? onNetwork : holders;
        }

        if (holders.Count > 1)
        {
            holders = holders.Where(h => h.Space.Node != tunnel.Space.Node).ToList() is { Count: > 0 } elsewhere ? elsewhere : holders;
        }

        if (holders.Count > 1)
        {
            diagnostics.Add(new GraphDiagnostic(GraphDiagnosticSeverity.Warning, tunnel.Space.Node, tunnel.Space.Netns, "graph",
                $"the remote {remote} of '{tunnel.Name}' is held by several interfaces ({string.Join(", ", holders.Select(h => h.Id))}); no remote edge is drawn"));
            return null;
        }

        return holders.FirstOrDefault();
    }
}
