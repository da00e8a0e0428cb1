namespace NetAcademy.Packets.Netfilter;

/// <summary>A packet field that changed between two chains of one trace: what a DNAT or SNAT did, as far as the trace
/// shows it (a rewrite in the last chain a packet passes, such as a MASQUERADE in POSTROUTING, is seen only as the
/// rule that did it).</summary>
/// <param name="At">The chain where the change was made: the last chain the packet passed before it was seen changed.</param>
/// <param name="Field">The field: <c>ip daddr</c>, <c>tcp dport</c>, ...</param>
/// <param name="From">The value before.</param>
/// <param name="To">The value after.</param>
public sealed record NftNatChange(string At, string Field, string From, string To);
