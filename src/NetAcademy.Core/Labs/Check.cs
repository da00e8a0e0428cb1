using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Labs;

/// <summary>
/// One check of a task. Each kind is its own record; the grader has one evaluator per kind, registered
/// under <see cref="Kind"/>.
/// </summary>
/// <param name="Node">The node the check runs in or inspects.</param>
/// <param name="Netns">A network namespace inside the node (from <c>ip netns</c>), or null for the node's own.</param>
/// <param name="Description">Optional author text shown beside the result.</param>
public abstract record Check(NodeName Node, string? Netns, string? Description)
{
    /// <summary>The key the evaluator is registered under (command, state, connectivity, traffic, trace).</summary>
    public abstract string Kind { get; }
}

/// <summary>Runs an argv in the node and expects an exit code and, optionally, stdout matching a pattern.</summary>
/// <param name="Argv">Program and arguments, passed as an array (never through a shell string).</param>
/// <param name="ExitCode">Expected exit code (default 0).</param>
/// <param name="StdoutPattern">Regular expression stdout must match, or null.</param>
/// <param name="FailMessage">Sentence shown when the check fails, or null for a generated one. It may name
/// <see cref="FailMessagePlaceholders"/>, which are filled from the run.</param>
public sealed record CommandCheck(
    NodeName Node, string? Netns, string? Description,
    IReadOnlyList<string> Argv, int ExitCode, string? StdoutPattern, string? FailMessage)
    : Check(Node, Netns, Description)
{
    /// <summary>The names a <see cref="FailMessage"/> may hold in braces: the run's last lines of output
    /// (stdout, or stderr when stdout is empty) and its exit code.</summary>
    public static readonly IReadOnlyList<string> FailMessagePlaceholders = ["{output}", "{exit_code}"];

    /// <summary>Regular expression stdout must NOT match (a line that must be gone), or null.</summary>
    public string? StdoutNotPattern { get; init; }

    /// <inheritdoc />
    public override string Kind => "command";
}

/// <summary>An assertion on the live interface graph of the node (or a namespace in it).</summary>
/// <param name="Interface">Interface name the assertion is about.</param>
/// <param name="InterfaceKind">Expected kind (veth, bridge, vxlan, tun, ...), or null.</param>
/// <param name="State">Expected operational state (up, down), or null.</param>
/// <param name="Master">Expected bridge (master) the interface is a member of, or null.</param>
/// <param name="Address">Expected address in CIDR form, or null.</param>
/// <param name="PeerNetns">For veth: the namespace its peer must sit in ("" for the node's own), or null.</param>
/// <param name="VxlanId">Expected VXLAN VNI, or null.</param>
/// <param name="Remote">Expected tunnel remote address, or null.</param>
/// <param name="Route">Expected route destination (CIDR or "default") in the namespace, or null.</param>
/// <param name="Via">Expected gateway of <paramref name="Route"/>, or null.</param>
/// <param name="Absent">True when the interface must not exist.</param>
/// <param name="VlanId">An 802.1Q id (1-4094): a VLAN sub-interface's own id, or a VLAN the bridge port (or bridge) is
/// a member of; or null.</param>
/// <param name="Pvid">With <paramref name="VlanId"/> on a bridge port: true when that VLAN must be the port's PVID,
/// false when it must not; or null.</param>
/// <param name="Tagged">With <paramref name="VlanId"/> on a bridge port: true when frames of that VLAN must leave the
/// port tagged, false when untagged; or null.</param>
public sealed record StateCheck(
    NodeName Node, string? Netns, string? Description,
    string? Interface, string? InterfaceKind, string? State, string? Master, string? Address,
    string? PeerNetns, int? VxlanId, string? Remote, string? Route, string? Via, bool Absent,
    int? VlanId = null, bool? Pvid = null, bool? Tagged = null)
    : Check(Node, Netns, Description)
{
    /// <inheritdoc />
    public override string Kind => "state";
}

/// <summary>Protocols a connectivity check can use.</summary>
public enum ConnectivityProtocol
{
    /// <summary>ICMP echo.</summary>
    Ping,
    /// <summary>A TCP connect to a port.</summary>
    Tcp,
    /// <summary>A UDP datagram to a port that echoes it back.</summary>
    Udp,
}

/// <summary>From the node (or a namespace in it) to an address: expect success, or expect failure (firewall tasks).</summary>
/// <param name="Target">IPv4 or IPv6 address.</param>
/// <param name="Protocol">How to probe.</param>
/// <param name="Port">Port for TCP and UDP.</param>
/// <param name="ExpectSuccess">True when the probe must succeed; false when it must fail.</param>
public sealed record ConnectivityCheck(
    NodeName Node, string? Netns, string? Description,
    string Target, ConnectivityProtocol Protocol, int? Port, bool ExpectSuccess)
    : Check(Node, Netns, Description)
{
    /// <inheritdoc />
    public override string Kind => "connectivity";
}

/// <summary>
/// A packet matching a layer pattern was (or, with <paramref name="ExpectSeen"/> false, was not) seen on an
/// interface of the node while a trigger ran.
/// </summary>
/// <param name="Interface">Interface to capture on.</param>
/// <param name="Pattern">Layer pattern, e.g. "IPv4 172.20.0.2 > 172.20.0.3 / IPIP / * / ICMP echo-request"; see the grading docs.</param>
/// <param name="Trigger">Optional trigger: a node and argv run while the capture is on.</param>
/// <param name="CaptureSeconds">How long to capture (default 3).</param>
/// <param name="ExpectSeen">True when a match must be seen; false when none may be.</param>
public sealed record TrafficCheck(
    NodeName Node, string? Netns, string? Description,
    string Interface, string Pattern, TrafficTrigger? Trigger, double CaptureSeconds, bool ExpectSeen)
    : Check(Node, Netns, Description)
{
    /// <inheritdoc />
    public override string Kind => "traffic";
}

/// <summary>What a traffic check runs while it captures.</summary>
/// <param name="Node">Where the trigger runs.</param>
/// <param name="Netns">Namespace inside that node, or null.</param>
/// <param name="Argv">Program and arguments.</param>
public sealed record TrafficTrigger(NodeName Node, string? Netns, IReadOnlyList<string> Argv);

/// <summary>
/// A packet matching <see cref="Match"/> was dropped, accepted or NATed in a chain, as a netfilter trace
/// (<c>nft monitor trace</c>) taken in the node (and <see cref="Check.Netns"/>) while the trigger ran shows it.
/// </summary>
/// <param name="Match">Which packets to trace.</param>
/// <param name="Trigger">What runs while the trace is on (a ping, a connection), or null to watch what passes anyway.</param>
/// <param name="Expect">What must happen in the chain.</param>
/// <param name="Table">The table's name (<c>filter</c>, <c>nat</c>, <c>lb</c>), or null for any table.</param>
/// <param name="Chain">The chain's name (<c>FORWARD</c>, <c>prerouting</c>).</param>
/// <param name="Hook">The hook the chain must sit at (prerouting, input, forward, output, postrouting), or null.</param>
/// <param name="NatTo">With <see cref="Netfilter.TraceExpectation.Nat"/>: the address, or address:port, the packet is
/// rewritten to; or null for any rewrite.</param>
/// <param name="TraceSeconds">How long the trace runs at most (default 3); it ends soon after the trigger does.</param>
public sealed record TraceCheck(
    NodeName Node, string? Netns, string? Description,
    Netfilter.TraceMatch Match, TrafficTrigger? Trigger, Netfilter.TraceExpectation Expect,
    string? Table, string Chain, string? Hook, string? NatTo, double TraceSeconds)
    : Check(Node, Netns, Description)
{
    /// <summary>The hooks a check can name.</summary>
    public static readonly IReadOnlyList<string> Hooks = ["prerouting", "input", "forward", "output", "postrouting", "ingress", "egress"];

    /// <inheritdoc />
    public override string Kind => "trace";
}
