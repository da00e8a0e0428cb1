namespace NetAcademy.Packets.Netfilter;

/// <summary>What one <c>nft monitor trace</c> line says.</summary>
public enum NftTraceEventKind
{
    /// <summary><c>packet: ...</c>: the packet entered a chain; its fields as the kernel saw them there.</summary>
    Packet,
    /// <summary><c>rule ... (verdict X)</c> or <c>unknown rule handle N (verdict X)</c>: a rule matched.</summary>
    Rule,
    /// <summary><c>policy accept|drop</c>: no rule decided, the base chain's policy did.</summary>
    Policy,
    /// <summary><c>verdict X</c>: the chain ended without a rule (a return from a regular chain).</summary>
    Verdict,
}
