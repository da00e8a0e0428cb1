namespace NetAcademy.Packets.Netfilter;

/// <summary>The journey of one packet through the hooks, tables and chains of one network namespace, in order.</summary>
/// <param name="TraceId">The kernel's trace id.</param>
/// <param name="Events">The lines of this packet, in order (bounded by <see cref="NftTraceLimits.MaxEventsPerTrace"/>).</param>
/// <param name="NatChanges">Address and port changes seen between chains.</param>
public sealed record NftPacketTrace(string TraceId, IReadOnlyList<NftTraceEvent> Events, IReadOnlyList<NftNatChange> NatChanges)
{
    /// <summary>The packet's fields where it was first seen (the first packet line), or empty.</summary>
    public IReadOnlyDictionary<string, string> FirstFields =>
        Events.FirstOrDefault(e => e.Kind == NftTraceEventKind.Packet)?.Fields ?? NftTraceParser.NoFields;

    /// <summary>The packet's fields where it was last seen (after any NAT the trace shows), or empty.</summary>
    public IReadOnlyDictionary<string, string> LastFields =>
        Events.LastOrDefault(e => e.Kind == NftTraceEventKind.Packet)?.Fields ?? NftTraceParser.NoFields;

    /// <summary>The decision of each chain the packet passed, in order: the rule or policy line that accepted or
    /// dropped it there.</summary>
    public IReadOnlyList<NftTraceEvent> Decisions => Events.Where(e => e.IsDecision).ToList();

    /// <summary>The event that ended the journey (a drop or a queue), or null when every chain let it pass.</summary>
    public NftTraceEvent? FinalVerdict => Events.FirstOrDefault(e => e.IsFinal);

    /// <summary>"ip nat PREROUTING accept (rule 12: dnat to 10.0.2.2:80) → ip filter FORWARD drop (policy)": the path in one line.</summary>
    /// <param name="skipTable">Which tables to leave out (the tracer's own, whose chains only mark the packet), or null.</param>
    public string Describe(Func<string, bool>? skipTable = null)
    {
        var parts = Decisions.Where(d => skipTable is null || !skipTable(d.Table)).Select(Describe).ToList();
        return parts.Count == 0 ? "no chain decided anything" : string.Join(" → ", parts);
    }

    /// <summary>One decision as "ip filter FORWARD drop (rule 4: ...)".</summary>
    public static string Describe(NftTraceEvent decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var by = decision.Kind switch
        {
            NftTraceEventKind.Policy => "policy",
            NftTraceEventKind.Rule when decision.RuleText is { } text =>
                (decision.RuleHandle is { } h ? $"rule {h}: " : "rule: ") + Shorten(text),
            NftTraceEventKind.Rule => decision.RuleHandle is { } handle ? $"rule {handle}" : "a rule",
            _ => "verdict",
        };
        var hook = decision.Hook is null ? "" : $" at {decision.Hook}";
        return $"{decision.Where}{hook} {decision.Verdict} ({by})";
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
