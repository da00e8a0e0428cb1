namespace NetAcademy.Packets.Netfilter;

/// <summary>
/// One line of <c>nft monitor trace</c> (<c>trace id ID FAMILY TABLE CHAIN ...</c>). Every string in it came from a
/// lab node: it is bounded and stripped of control characters, but otherwise untrusted.
/// </summary>
/// <param name="TraceId">The kernel's trace id (8 hex digits). The kernel reuses ids, so one id can be several packets.</param>
/// <param name="Family">Table family: ip, ip6, inet, arp, bridge, netdev.</param>
/// <param name="Table">Table name.</param>
/// <param name="Chain">Chain name.</param>
/// <param name="Kind">What the line says.</param>
/// <param name="Verdict">For a rule, policy or verdict line: the verdict (accept, drop, continue, return, queue,
/// <c>jump NAME</c>, <c>goto NAME</c>); null for a packet line.</param>
/// <param name="RuleText">For a rule line: the rule as nft prints it (null when nft only knows its handle).</param>
/// <param name="RuleHandle">For a rule line: the rule's handle, when printed (<c>nft -a</c>).</param>
/// <param name="Fields">For a packet line: its fields, <c>"ip saddr" -> "10.0.1.2"</c>, <c>"iif" -> "eth0"</c>; empty otherwise.</param>
public sealed record NftTraceEvent(
    string TraceId, string Family, string Table, string Chain, NftTraceEventKind Kind,
    string? Verdict, string? RuleText, long? RuleHandle, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The hook the chain sits at (prerouting, input, forward, output, postrouting, ingress, egress), when
    /// the caller knew the node's base chains; null otherwise (trace lines do not name the hook).</summary>
    public string? Hook { get; init; }

    /// <summary>"ip filter FORWARD": how nft names the chain.</summary>
    public string Where => $"{Family} {Table} {Chain}";

    /// <summary>True when the verdict ends the packet's journey (drop, or a queue to user space).</summary>
    public bool IsFinal => Verdict is "drop" or "queue" or "stolen";

    /// <summary>True when the verdict decides the chain (accept, drop, queue, stolen), as opposed to continue,
    /// return, jump and goto.</summary>
    public bool IsDecision => Verdict is "accept" or "drop" or "queue" or "stolen";
}
