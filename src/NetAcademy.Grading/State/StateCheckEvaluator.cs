using System.Net;
using System.Net.Sockets;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;

namespace NetAcademy.Grading.State;

/// <summary>
/// Evaluates a <see cref="StateCheck"/> against the live <see cref="InterfaceGraph"/>: that an interface exists
/// (or is absent) in a node or namespace, its kind, state, bridge, address, veth peer's namespace, VXLAN id and
/// remote, VLAN id or bridge VLAN membership, and that a route to a destination exists (via a gateway). Every mismatch becomes its own sentence;
/// a failing result lists them all, so one attempt shows everything that is still wrong.
/// </summary>
/// <remarks>
/// <c>state: up</c> means administratively up; for a veth it also needs a carrier (its peer up too), because a
/// veth with a down peer passes no traffic. Bridges, tunnels and TUN devices without a reader are not held to
/// their carrier, so a bridge with no ports yet still counts as up.
/// </remarks>
public sealed class StateCheckEvaluator : ICheckEvaluator
{
    /// <inheritdoc />
    public string Kind => "state";

    /// <inheritdoc />
    public async Task<CheckResult> EvaluateAsync(Check check, GradingContext context, CancellationToken cancellationToken)
    {
        if (check is not StateCheck state)
        {
            throw new ArgumentException($"A {Kind} evaluator cannot evaluate a {check.Kind} check.", nameof(check));
        }

        ArgumentNullException.ThrowIfNull(context);
        var graph = await context.GetGraphAsync(cancellationToken);
        return Evaluate(state, graph);
    }

    /// <summary>Evaluates <paramref name="check"/> against <paramref name="graph"/>. Pure.</summary>
    public static CheckResult Evaluate(StateCheck check, InterfaceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(graph);
        var node = check.Node;
        var where = Phrases.Where(node, check.Netns);

        var unreadable = graph.Diagnostics.FirstOrDefault(d => d.Severity == GraphDiagnosticSeverity.Error && d.Node == node
            && d.Source == "exec" && (d.Netns is null || d.Netns == check.Netns));
        if (unreadable is not null)
        {
            return CheckResult.Error($"The interfaces of {node} could not be read ({unreadable.Message}); try again in a moment.");
        }

        if (graph.FindNamespace(node, check.Netns) is not { } space)
        {
            if (check.Netns is null || graph.FindNamespace(node, null) is null)
            {
                return CheckResult.Error($"{node} is not part of the network graph; is the lab running?");
            }

            return check.Absent
                ? CheckResult.Pass($"There is no namespace {check.Netns} on {node}, so nothing the check forbids is there.")
                : CheckResult.Fail($"There is no namespace {check.Netns} on {node}.");
        }

        var problems = new List<string>();
        var facts = new List<string>();
        GraphInterface? iface = null;
        if (check.Interface is { } name)
        {
            iface = graph.FindInterface(node, check.Netns, name);
            if (iface is null)
            {
                if (check.Absent)
                {
                    return CheckResult.Pass($"There is no interface {name} {where}, as required.");
                }

                var elsewhere = graph.Interfaces.FirstOrDefault(i => i.Node == node && i.Name == name && i.Netns != check.Netns);
                return CheckResult.Fail($"There is no interface {name} {where}"
                    + (elsewhere is null ? "." : $"; it is {Place(elsewhere.Netns)}."));
            }

            if (check.Absent)
            {
                return CheckResult.Fail($"{name} still exists {where}, but it should be gone.");
            }

            CheckInterface(check, graph, iface, problems, facts);
        }

        if (check.Route is not null)
        {
            CheckRoute(check, space, where, problems, facts);
        }

        var subject = check.Interface is null ? where.TrimStart() : $"{check.Interface} {where}";
        return problems.Count == 0
            ? CheckResult.Pass(facts.Count == 0 ? $"{subject}: as expected." : $"{subject}: {string.Join(", ", facts)}.")
            : CheckResult.Fail(string.Join(" ", problems));
    }

    private static void CheckInterface(StateCheck check, InterfaceGraph graph, GraphInterface iface, List<string> problems, List<string> facts)
    {
        var name = iface.Name;
        var where = Phrases.Where(check.Node, check.Netns);
        if (check.InterfaceKind is { } kind)
        {
            if (KindMatches(iface, kind))
            {
                facts.Add($"kind {kind}");
            }
            else
            {
                problems.Add($"{name} is of kind {KindName(iface)}, not {kind}.");
            }
        }

        if (check.State is { } state)
        {
            CheckState(graph, iface, state.ToLowerInvariant(), where, problems, facts);
        }

        if (check.Master is { } master)
        {
            if (iface.Master == master)
            {
                facts.Add($"attached to {master}");
            }
            else if (graph.FindInterface(check.Node, check.Netns, master) is null)
            {
                problems.Add($"There is no {master} {where}, so {name} cannot be attached to it.");
            }
            else
            {
                problems.Add(iface.Master is null
                    ? $"{master} exists, but {name} is not attached to it."
                    : $"{master} exists, but {name} is attached to {iface.Master} instead.");
            }
        }

        if (check.Address is { } address)
        {
            CheckAddress(check, graph, iface, address, problems, facts);
        }

        if (check.PeerNetns is { } peerNetns)
        {
            var expected = peerNetns.Length == 0 ? null : peerNetns;
            var peer = iface.Kind == InterfaceKind.Veth ? graph.PeerOf(iface) : null;
            if (iface.Kind != InterfaceKind.Veth)
            {
                problems.Add($"{name} is not a veth, so it has no peer {Place(expected)}.");
            }
            else if (peer is null)
            {
                problems.Add($"The other end of {name} is not {Place(expected)} on {check.Node}.");
            }
            else if (peer.Node != check.Node)
            {
                problems.Add($"The other end of {name} ({peer.Name}) is on {peer.Node}, not {Place(expected)} on {check.Node}.");
            }
            else if (peer.Netns != expected)
            {
                problems.Add($"The other end of {name} ({peer.Name}) is {Place(peer.Netns)}, not {Place(expected)}.");
            }
            else
            {
                facts.Add($"its peer {peer.Name} {Place(expected)}");
            }
        }

        if (check.VxlanId is { } vni)
        {
            if (iface.Vxlan is null)
            {
                problems.Add($"{name} is not a VXLAN device, so it has no VXLAN id {vni}.");
            }
            else if (iface.Vxlan.Id != vni)
            {
                problems.Add(iface.Vxlan.Id is { } actual ? $"{name} has VXLAN id {actual}, not {vni}." : $"{name} has no VXLAN id; it should be {vni}.");
            }
            else
            {
                facts.Add($"VXLAN id {vni}");
            }
        }

        if (check.Remote is { } remote)
        {
            var actual = iface.Vxlan?.Remote ?? iface.Tunnel?.Remote;
            if (iface.Vxlan is null && iface.Tunnel is null)
            {
                problems.Add($"{name} is not a tunnel, so it has no remote {remote}.");
            }
            else if (actual is null)
            {
                problems.Add($"{name} has no remote address; it should send to {remote}.");
            }
            else if (!SameAddress(actual, remote))
            {
                problems.Add($"{name} sends to {actual}, not to {remote}.");
            }
            else
            {
                facts.Add($"remote {remote}");
            }
        }

        if (check.VlanId is { } vlanId)
        {
            if (iface.Kind == InterfaceKind.Vlan && check.Pvid is null && check.Tagged is null)
            {
                CheckSubInterfaceVlan(iface, vlanId, problems, facts);
            }
            else
            {
                CheckVlanMembership(check, iface, vlanId, problems, facts);
            }
        }
    }

    /// <summary>A VLAN sub-interface (<c>type vlan id N</c>): its own 802.1Q id.</summary>
    private static void CheckSubInterfaceVlan(GraphInterface iface, int vlanId, List<string> problems, List<string> facts)
    {
        if (iface.VlanId == vlanId)
        {
            facts.Add($"VLAN id {vlanId}");
        }
        else
        {
            problems.Add(iface.VlanId is { } actual
                ? $"{iface.Name} is the sub-interface of VLAN {actual}, not of VLAN {vlanId}."
                : $"{iface.Name} has no VLAN id; it should be {vlanId}.");
        }
    }

    /// <summary>A bridge port's (or bridge's) membership of a VLAN, as <c>bridge vlan show</c> lists it.</summary>
    private static void CheckVlanMembership(StateCheck check, GraphInterface iface, int vlanId, List<string> problems, List<string> facts)
    {
        var name = iface.Name;
        if (iface.BridgeVlans is not { } vlans)
        {
            problems.Add(iface.Master is null && iface.Kind != InterfaceKind.Bridge
                ? $"{name} is not a bridge port, so it is in no VLAN {vlanId}."
                : $"{name} is a port of {iface.Master ?? name}, but `bridge vlan show` lists no VLANs for it.");
            return;
        }

        if (vlans.FirstOrDefault(v => v.Contains(vlanId)) is not { } vlan)
        {
            problems.Add($"{name} is not a member of VLAN {vlanId} ({Memberships(vlans)}).");
            return;
        }

        var ok = true;
        if (check.Pvid is { } pvid && pvid != vlan.Pvid)
        {
            ok = false;
            var actual = vlans.FirstOrDefault(v => v.Pvid);
            problems.Add(pvid
                ? $"VLAN {vlanId} is not the PVID of {name}" + (actual is null ? "; it has none." : $"; its PVID is {actual.First}.")
                : $"VLAN {vlanId} is the PVID of {name}, but it should not be.");
        }

        if (check.Tagged is { } tagged && tagged == vlan.Untagged)
        {
            ok = false;
            problems.Add(tagged
                ? $"{name} sends VLAN {vlanId} untagged, but it should send it tagged."
                : $"{name} sends VLAN {vlanId} tagged, but it should send it untagged.");
        }

        if (ok)
        {
            facts.Add($"in VLAN {vlanId}" + (vlan.Pvid ? " as its PVID" : "") + (vlan.Untagged ? ", untagged" : ", tagged"));
        }
    }

    /// <summary>"its VLANs: 1 PVID untagged, 10 tagged", at most a few, or "it is in no VLAN".</summary>
    private static string Memberships(IReadOnlyList<BridgeVlan> vlans)
    {
        const int shown = 6;
        if (vlans.Count == 0)
        {
            return "it is in no VLAN";
        }

        var text = string.Join(", ", vlans.Take(shown));
        return vlans.Count > shown ? $"its VLANs: {text} and {vlans.Count - shown} more" : $"its VLANs: {text}";
    }

    private static void CheckState(InterfaceGraph graph, GraphInterface iface, string state, string where, List<string> problems, List<string> facts)
    {
        var name = iface.Name;
        switch (state)
        {
            case "up" when !iface.IsAdminUp:
                problems.Add($"{name} is down {where}; it should be up.");
                break;
            case "up" when iface.Kind == InterfaceKind.Veth && iface.OperState is "LOWERLAYERDOWN" or "DOWN":
                var peer = graph.PeerOf(iface);
                problems.Add(peer is null
                    ? $"{name} is up, but has no carrier ({iface.OperState}): the other end of the pair is down."
                    : $"{name} is up, but has no carrier: the other end, {peer.Name}, is down.");
                break;
            case "down" when iface.IsAdminUp:
                problems.Add($"{name} is up {where}, but it should be down.");
                break;
            case "unknown" when iface.OperState != "UNKNOWN":
                problems.Add($"{name} has state {iface.OperState}, not UNKNOWN.");
                break;
            case "up" or "down" or "unknown":
                facts.Add(state);
                break;
            default:
                problems.Add($"The lab asks for state '{state}', which is not up, down or unknown; this is a problem with the lab.");
                break;
        }
    }

    private static void CheckAddress(StateCheck check, InterfaceGraph graph, GraphInterface iface, string address, List<string> problems, List<string> facts)
    {
        var name = iface.Name;
        if (!AddressText.TryParseInterfaceAddress(address, out var ip, out var length))
        {
            problems.Add($"The lab expects address '{address}', which is not an address with a prefix length; this is a problem with the lab.");
            return;
        }

        if (iface.Addresses.Any(a => a.Address.Equals(ip) && a.PrefixLength == length))
        {
            facts.Add($"has {address}");
            return;
        }

        if (iface.Addresses.FirstOrDefault(a => a.Address.Equals(ip)) is { } wrongPrefix)
        {
            problems.Add($"{name} has {wrongPrefix}, not {address}: the prefix length is wrong.");
            return;
        }

        var holder = graph.Interfaces.FirstOrDefault(i => i.Node == check.Node && i.Netns == check.Netns && i.Id != iface.Id && i.HasAddress(ip));
        if (holder is not null)
        {
            problems.Add($"{address} is on {holder.Name}, not on {name}.");
            return;
        }

        var v6 = ip.AddressFamily == AddressFamily.InterNetworkV6;
        var others = iface.Addresses.Where(a => a.IsIPv6 == v6 && a.Scope != "link").Select(a => a.ToString()).ToList();
        problems.Add(others.Count == 0
            ? $"{name} has no {(v6 ? "IPv6" : "IPv4")} address; it should have {address}."
            : $"{name} has {string.Join(", ", others)}, not {address}.");
    }

    private static void CheckRoute(StateCheck check, GraphNamespace space, string where, List<string> problems, List<string> facts)
    {
        var destination = check.Route!;
        if (!TryParseDestination(destination, out var expected, out var anyFamily))
        {
            problems.Add($"The lab expects a route to '{destination}', which is not 'default' or a prefix; this is a problem with the lab.");
            return;
        }

        var route = space.Routes.FirstOrDefault(r =>
            string.IsNullOrEmpty(r.Type) || r.Type == "unicast"
                ? SameDestination(r, expected, anyFamily)
                : false);
        if (check.Absent && check.Interface is null)
        {
            if (route is null)
            {
                facts.Add($"no route to {destination}");
            }
            else
            {
                problems.Add($"There is still a route to {destination} {where}, but it should be gone.");
            }

            return;
        }

        if (route is null)
        {
            problems.Add($"There is no route to {destination} {where}.");
            return;
        }

        var ok = true;
        if (check.Via is { } via)
        {
            if (route.Gateway is null)
            {
                problems.Add($"The route to {destination} {where} has no gateway" + (route.Dev is null ? "" : $" (it goes straight out of {route.Dev})") + $"; it should go via {via}.");
                ok = false;
            }
            else if (!SameAddress(route.Gateway, via))
            {
                problems.Add($"The route to {destination} {where} goes via {route.Gateway}, not via {via}.");
                ok = false;
            }
        }

        if (check.Interface is { } dev && route.Dev is not null && route.Dev != dev)
        {
            problems.Add($"The route to {destination} {where} leaves by {route.Dev}, not by {dev}.");
            ok = false;
        }

        if (ok)
        {
            facts.Add(check.Via is null ? $"route to {destination}" : $"route to {destination} via {check.Via}");
        }
    }

    private static bool KindMatches(GraphInterface iface, string expected)
    {
        if (string.Equals(expected, "device", StringComparison.OrdinalIgnoreCase))
        {
            return iface.RawKind is null && iface.Kind is InterfaceKind.Other or InterfaceKind.DockerEth;
        }

        return GraphJson.TryParseInterfaceKind(expected, out var kind)
            ? iface.Kind == kind
            : string.Equals(iface.RawKind, expected, StringComparison.OrdinalIgnoreCase);
    }

    private static string KindName(GraphInterface iface) => iface.Kind switch
    {
        InterfaceKind.Other => iface.RawKind ?? "device",
        InterfaceKind.DockerEth => "device (the node's network leg)",
        _ => GraphJson.KindName(iface.Kind),
    };

    private static string Place(string? netns) => netns is null ? "in the node's own namespace" : $"in namespace {netns}";

    private static bool SameAddress(string actual, string expected) =>
        IPAddress.TryParse(actual, out var a) && IPAddress.TryParse(expected, out var b) ? a.Equals(b) : actual == expected;

    /// <summary>A route destination as a prefix with host bits cleared; "default" matches either family.</summary>
    private static bool TryParseDestination(string text, out IPNetwork prefix, out bool anyFamily)
    {
        // Same text rules as the content linter (AddressText), so a route lint accepts is one the grader understands.
        anyFamily = text == "default";
        if (anyFamily)
        {
            prefix = new IPNetwork(IPAddress.Any, 0);
            return true;
        }

        return AddressText.TryParsePrefix(text, out prefix);
    }

    private static bool SameDestination(GraphRoute route, IPNetwork expected, bool anyFamily)
    {
        if (anyFamily)
        {
            return route.Destination == "default";
        }

        var v6 = expected.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
        if (route.IsIPv6 != v6 || !RouteLookup.TryPrefix(route.Destination, v6, out var actual))
        {
            return false;
        }

        return actual.PrefixLength == expected.PrefixLength && actual.BaseAddress.Equals(expected.BaseAddress);
    }
}
