using NetAcademy.Packets.Netfilter;

namespace NetAcademy.Grading.Netfilter;

/// <summary>What a <see cref="NetfilterTracer"/> run saw.</summary>
/// <param name="Traces">One entry per traced packet, with the hook of each chain when the node listed its chains.</param>
/// <param name="SkippedLines">Trace lines that could not be read.</param>
/// <param name="Truncated">True when a bound (bytes, lines, packets) cut the trace short.</param>
/// <param name="TableRemoved">True when the platform's table was removed at the end (false: the removal failed and
/// the table is still in the node; the next trace removes it first).</param>
public sealed record NetfilterTraceResult(IReadOnlyList<NftPacketTrace> Traces, int SkippedLines, bool Truncated, bool TableRemoved);
