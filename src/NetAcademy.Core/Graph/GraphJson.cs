namespace NetAcademy.Core.Graph;

/// <summary>
/// Names used in the graph's JSON (docs/graph-format.md) and in lab files (<c>kind: veth</c> in a state check).
/// One place, so the page, the grader and the format doc agree.
/// </summary>
public static class GraphJson
{
    /// <summary>Version of the JSON shape; bumped on an incompatible change.</summary>
    public const int FormatVersion = 1;

    private static readonly Dictionary<InterfaceKind, string> InterfaceKindNames = new()
    {
        [InterfaceKind.Other] = "other",
        [InterfaceKind.Veth] = "veth",
        [InterfaceKind.Bridge] = "bridge",
        [InterfaceKind.Vxlan] = "vxlan",
        [InterfaceKind.Tun] = "tun",
        [InterfaceKind.Tap] = "tap",
        [InterfaceKind.Ipip] = "ipip",
        [InterfaceKind.Gre] = "gre",
        [InterfaceKind.Macvlan] = "macvlan",
        [InterfaceKind.Vlan] = "vlan",
        [InterfaceKind.Dummy] = "dummy",
        [InterfaceKind.Loopback] = "loopback",
        [InterfaceKind.DockerEth] = "docker-eth",
    };

    private static readonly Dictionary<EdgeKind, string> EdgeKindNames = new()
    {
        [EdgeKind.VethPeer] = "veth",
        [EdgeKind.BridgeMember] = "bridge-member",
        [EdgeKind.Master] = "master",
        [EdgeKind.Lower] = "lower",
        [EdgeKind.TunnelUnderlay] = "tunnel-underlay",
        [EdgeKind.TunnelRemote] = "tunnel-remote",
        [EdgeKind.TunnelPeer] = "tunnel-peer",
        [EdgeKind.SessionNetwork] = "session-network",
    };

    /// <summary>The JSON name of an interface kind, e.g. <c>docker-eth</c>.</summary>
    public static string KindName(InterfaceKind kind) => InterfaceKindNames[kind];

    /// <summary>The JSON name of an edge kind, e.g. <c>bridge-member</c>.</summary>
    public static string KindName(EdgeKind kind) => EdgeKindNames[kind];

    /// <summary>Parses an interface kind name (case-insensitive) as written in JSON or a lab file.</summary>
    public static bool TryParseInterfaceKind(string? name, out InterfaceKind kind)
    {
        foreach (var (k, n) in InterfaceKindNames)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = InterfaceKind.Other;
        return false;
    }
}
