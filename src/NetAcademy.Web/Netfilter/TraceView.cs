using NetAcademy.Grading.Netfilter;
using NetAcademy.Packets.Netfilter;

namespace NetAcademy.Web.Netfilter;

/// <summary>What the Trace panel shows after a trace: each traced packet's path through netfilter.</summary>
/// <param name="Where">The node (and namespace) traced, e.g. "router" or "router (netns red)".</param>
/// <param name="Match">The match, as words ("icmp 10.0.1.2 > *").</param>
/// <param name="Packets">The packets, in the order the kernel traced them (at most <see cref="TraceView.MaxPackets"/>).</param>
/// <param name="MorePackets">Packets traced but left out past <see cref="TraceView.MaxPackets"/>.</param>
/// <param name="Truncated">The node's output hit a bound: later packets may be missing.</param>
/// <param name="SkippedLines">Lines of the node's output that could not be read.</param>
/// <param name="TableRemoved">The platform's trace table was removed at the end.</param>
public sealed record TraceView(string Where, string Match, IReadOnlyList<TracedPacket> Packets, int MorePackets, bool Truncated, int SkippedLines, bool TableRemoved)
{
    /// <summary>Packets shown at most: a ping flood traces thousands, the panel is for following a few.</summary>
    public const int MaxPackets = 50;

    /// <summary>The view of a tracer's result: the platform's own table is left out of every path.</summary>
    public static TraceView Of(string where, string match, NetfilterTraceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var packets = result.Traces.Take(MaxPackets).Select((t, i) => TracedPacket.Of(i + 1, t)).ToList();
        return new TraceView(where, match, packets, Math.Max(0, result.Traces.Count - MaxPackets), result.Truncated, result.SkippedLines, result.TableRemoved);
    }
}

/// <summary>One packet's journey.</summary>
/// <param name="Number">1, 2, ... in the trace.</param>
/// <param name="Summary">The packet where it entered netfilter: "icmp 10.0.1.2 > 10.0.2.2 (echo-request)".</param>
/// <param name="Chains">The chains it passed, in order.</param>
/// <param name="Verdict">Its fate: "dropped", "accepted", "queued" or "stolen"; "accepted" when every chain let it on.</param>
/// <param name="DecidedAt">The chain whose verdict ended its journey ("ip filter FORWARD at forward"), or null.</param>
/// <param name="Nat">Address and port changes seen between chains ("ip daddr 10.0.1.1 → 10.0.2.2 after ip nat PREROUTING").</param>
/// <param name="Hooks">The hooks the packet was seen at, each once, in order (prerouting, forward, postrouting, ...): the
/// platform's own chains count here (they show the packet entered netfilter at prerouting or output) though they are
/// left out of <paramref name="Chains"/>.</param>
public sealed record TracedPacket(int Number, string Summary, IReadOnlyList<TracedChain> Chains, string Verdict, string? DecidedAt, IReadOnlyList<string> Nat, IReadOnlyList<string> Hooks)
{

    /// <summary>Builds the view of a parsed trace, without the platform's table.</summary>
    public static TracedPacket Of(int number, NftPacketTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var chains = new List<TracedChain>();
        foreach (var group in trace.Events.Where(e => !NetfilterTracer.IsPlatformTable(e.Table)).GroupBy(e => e.Where, StringComparer.Ordinal))
        {
            var first = group.First();
            var rules = group.Where(e => e.Kind == NftTraceEventKind.Rule)
                .Select(e => new TracedRule(e.RuleHandle, e.RuleText ?? "(rule text unknown)", e.Verdict ?? "")).ToList();
            var decision = group.LastOrDefault(e => e.IsDecision);
            var by = decision is null ? null : decision.Kind == NftTraceEventKind.Policy ? "policy" : decision.Kind == NftTraceEventKind.Rule ? "rule" : "verdict";
            chains.Add(new TracedChain(group.Key, first.Family, first.Table, first.Chain, group.Select(e => e.Hook).FirstOrDefault(h => h is not null), rules, decision?.Verdict, by));
        }
        var final = trace.FinalVerdict;
        var verdict = final?.Verdict switch
        {
            "drop" => "dropped",
            "queue" => "queued",
            "stolen" => "stolen",
            _ => "accepted",
        };
        var decidedAt = final is null ? null : final.Where + (final.Hook is null ? "" : $" at {final.Hook}");
        var nat = trace.NatChanges.Select(n => $"{n.Field} {n.From} → {n.To} after {n.At}").ToList();
        var hooks = trace.Events.Select(e => e.Hook).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new TracedPacket(number, Summarize(trace.FirstFields), chains, verdict, decidedAt, nat, hooks);
    }

    private static string Summarize(IReadOnlyDictionary<string, string> fields)
    {
        string? Get(params string[] keys) => keys.Select(k => fields.TryGetValue(k, out var v) ? v : null).FirstOrDefault(v => v is not null);
        var protocol = Get("ip protocol", "ip6 nexthdr", "meta l4proto");
        var source = Get("ip saddr", "ip6 saddr") ?? "?";
        var destination = Get("ip daddr", "ip6 daddr") ?? "?";
        var sport = Get("tcp sport", "udp sport");
        var dport = Get("tcp dport", "udp dport");
        var detail = Get("icmp type", "icmpv6 type", "tcp flags");
        var text = $"{protocol ?? "packet"} {source}{(sport is null ? "" : ":" + sport)} > {destination}{(dport is null ? "" : ":" + dport)}";
        return detail is null ? text : $"{text} ({detail})";
    }
}

/// <summary>A chain a packet passed.</summary>
/// <param name="Where">"ip filter FORWARD".</param>
/// <param name="Family">ip, ip6, inet, ...</param>
/// <param name="Table">The table.</param>
/// <param name="Chain">The chain.</param>
/// <param name="Hook">The hook of the base chain it sits at (or of the base chain that jumped to it), when known.</param>
/// <param name="Rules">The rules that matched the packet there, in order.</param>
/// <param name="Verdict">The chain's decision (accept, drop, ...), or null when it passed the packet on.</param>
/// <param name="DecidedBy">"rule", "policy" or "verdict" when there was a decision.</param>
public sealed record TracedChain(string Where, string Family, string Table, string Chain, string? Hook, IReadOnlyList<TracedRule> Rules, string? Verdict, string? DecidedBy);

/// <summary>A rule that matched a packet.</summary>
/// <param name="Handle">Its handle (<c>nft -a</c>), when known.</param>
/// <param name="Text">Its nft text.</param>
/// <param name="Verdict">What it did: continue, accept, drop, jump X, ...</param>
public sealed record TracedRule(long? Handle, string Text, string Verdict);
