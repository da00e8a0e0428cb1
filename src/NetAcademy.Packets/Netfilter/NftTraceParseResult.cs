namespace NetAcademy.Packets.Netfilter;

/// <summary>What the parser made of a node's trace output.</summary>
/// <param name="Traces">One entry per packet, in the order their first line came.</param>
/// <param name="SkippedLines">Lines that started like a trace line but could not be read (too long, cut short, malformed).</param>
/// <param name="Truncated">True when a bound (lines, packets) stopped the parser before the end of the output.</param>
public sealed record NftTraceParseResult(IReadOnlyList<NftPacketTrace> Traces, int SkippedLines, bool Truncated);
