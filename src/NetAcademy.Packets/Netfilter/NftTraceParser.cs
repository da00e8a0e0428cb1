using System.Globalization;
using System.Text;

namespace NetAcademy.Packets.Netfilter;

/// <summary>
/// Reads <c>nft monitor trace</c> output (or <c>nft -a monitor</c>, whose ruleset lines it passes over) into one
/// <see cref="NftPacketTrace"/> per packet. The output comes from a lab node and is untrusted: every bound of
/// <see cref="NftTraceLimits"/> holds whatever it holds, and a line it cannot read is counted and skipped, never thrown.
/// </summary>
/// <remarks>
/// Line shapes (nftables 1.0.6 on Linux 6.x, recorded in tests/NetAcademy.Packets.Tests/Fixtures/nft-trace):
/// <code>
/// trace id 146dad6f ip nat PREROUTING packet: iif "eth0" ip saddr 10.0.1.2 ip daddr 10.0.1.1 ... tcp dport 8080 ...
/// trace id 146dad6f ip nat PREROUTING rule iifname "eth0" ... dnat to 10.0.2.2:80 # handle 12 (verdict accept)
/// trace id 146dad6f ip filter OUTPUT unknown rule handle 2 (verdict accept)
/// trace id 5335883e ip filter FORWARD policy drop
/// </code>
/// The kernel reuses trace ids, so a packet line for a chain the open trace of that id already passed starts a new
/// packet. Lines name no hook; pass the node's base chains (<see cref="NftChainHooks"/>) to fill
/// <see cref="NftTraceEvent.Hook"/>.
/// </remarks>
public static class NftTraceParser
{
    /// <summary>An empty field set.</summary>
    public static IReadOnlyDictionary<string, string> NoFields { get; } = new Dictionary<string, string>();

    private static readonly HashSet<string> TwoWordPrefixes = new(StringComparer.Ordinal)
    {
        "ether", "ip", "ip6", "tcp", "udp", "udplite", "icmp", "icmpv6", "vlan", "arp", "sctp", "dccp", "th", "ct",
        "meta", "igmp", "ah", "esp", "comp", "gre", "vxlan",
    };

    private static readonly HashSet<string> OneWordKeys = new(StringComparer.Ordinal) { "iif", "oif", "iifname", "oifname", "mark", "iiftype", "oiftype" };

    private static readonly string[] NatFields = ["ip saddr", "ip daddr", "ip6 saddr", "ip6 daddr", "tcp sport", "tcp dport", "udp sport", "udp dport"];

    /// <summary>Parses a whole output.</summary>
    /// <param name="output">What the node printed.</param>
    /// <param name="limits">Bounds; <see cref="NftTraceLimits.Default"/> when null.</param>
    /// <param name="hooks">The node's base chains, to name the hook of each event; or null.</param>
    public static NftTraceParseResult Parse(string output, NftTraceLimits? limits = null, NftChainHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        limits ??= NftTraceLimits.Default;
        var open = new Dictionary<string, List<NftTraceEvent>>(StringComparer.Ordinal);
        var traces = new List<List<NftTraceEvent>>();
        var skipped = 0;
        var truncated = false;
        var lines = 0;
        // A read that stopped mid-line (a bound, a killed monitor) leaves a last line without its end: not whole.
        var whole = output.EndsWith('\n') ? output : output[..(output.LastIndexOf('\n') + 1)];
        if (whole.Length < output.Length && output.AsSpan(whole.Length).StartsWith("trace id ", StringComparison.Ordinal))
        {
            skipped++;
        }

        foreach (var range in whole.AsSpan().Split('\n'))
        {
            if (++lines > limits.MaxLines)
            {
                truncated = true;
                break;
            }

            var line = whole.AsSpan(range).TrimEnd('\r');
            var start = line.IndexOf("trace id ", StringComparison.Ordinal);
            if (start != 0)
            {
                // Ruleset lines of `nft -a monitor`, comments, blank lines; a trace line preceded by junk is damaged.
                if (start > 0)
                {
                    skipped++;
                }

                continue;
            }

            if (line.Length > limits.MaxLineLength)
            {
                skipped++;
                continue;
            }

            var parsed = ParseLine(line, limits);
            if (parsed is null)
            {
                skipped++;
                continue;
            }

            var evt = hooks?.HookOf(parsed.Family, parsed.Table, parsed.Chain) is { } hook ? parsed with { Hook = hook } : parsed;
            if (!open.TryGetValue(evt.TraceId, out var events) || StartsNewPacket(events, evt))
            {
                if (ContinuationOf(traces, evt) is { } continued)
                {
                    open[evt.TraceId] = continued;
                    if (continued.Count < limits.MaxEventsPerTrace)
                    {
                        continued.Add(evt);
                    }

                    continue;
                }

                if (traces.Count >= limits.MaxTraces)
                {
                    truncated = true;
                    open.Remove(evt.TraceId);
                    continue;
                }

                events = [];
                open[evt.TraceId] = events;
                traces.Add(events);
            }

            if (events.Count < limits.MaxEventsPerTrace)
            {
                events.Add(evt);
            }
        }

        return new NftTraceParseResult(traces.Select(Build).ToList(), skipped, truncated);
    }

    /// <summary>Parses one line, or returns null when it is not a whole trace line.</summary>
    /// <param name="line">One line, without its end.</param>
    /// <param name="limits">Bounds; <see cref="NftTraceLimits.Default"/> when null.</param>
    public static NftTraceEvent? ParseLine(ReadOnlySpan<char> line, NftTraceLimits? limits = null)
    {
        limits ??= NftTraceLimits.Default;
        if (line.Length > limits.MaxLineLength || !line.StartsWith("trace id ", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = line["trace id ".Length..];
        if (!NextWord(ref rest, out var id) || id.Length != 8 || !IsHex(id)
            || !NextWord(ref rest, out var family) || !NextWord(ref rest, out var table) || !NextWord(ref rest, out var chain)
            || !NextWord(ref rest, out var kind))
        {
            return null;
        }

        if (family.Length > 16 || table.Length > limits.MaxTextLength || chain.Length > limits.MaxTextLength)
        {
            return null;
        }

        var traceId = id.ToString().ToLowerInvariant();
        var fam = Clean(family, 16);
        var tab = Clean(table, limits.MaxTextLength);
        var cha = Clean(chain, limits.MaxTextLength);
        rest = rest.Trim();
        switch (kind)
        {
            case "packet:":
                return new NftTraceEvent(traceId, fam, tab, cha, NftTraceEventKind.Packet, null, null, null, ParseFields(rest, limits));
            case "policy":
                return rest is "accept" or "drop"
                    ? new NftTraceEvent(traceId, fam, tab, cha, NftTraceEventKind.Policy, rest.ToString(), null, null, NoFields)
                    : null;
            case "verdict":
                return ReadVerdict(rest, limits) is { } bare
                    ? new NftTraceEvent(traceId, fam, tab, cha, NftTraceEventKind.Verdict, bare, null, null, NoFields)
                    : null;
            case "rule":
            case "unknown":
                return ParseRule(traceId, fam, tab, cha, kind, rest, limits);
            default:
                return null;
        }
    }

    private static NftTraceEvent? ParseRule(string id, string family, string table, string chain, ReadOnlySpan<char> kind, ReadOnlySpan<char> rest, NftTraceLimits limits)
    {
        // "... (verdict accept)" always closes a rule line; a line cut before it is incomplete.
        var open = rest.LastIndexOf("(verdict ", StringComparison.Ordinal);
        if (open < 0 || !rest.EndsWith(')'))
        {
            return null;
        }

        var verdict = ReadVerdict(rest[(open + "(verdict ".Length)..^1], limits);
        if (verdict is null)
        {
            return null;
        }

        var body = rest[..open].Trim();
        string? text = null;
        long? handle = null;
        if (kind is "unknown")
        {
            // "unknown rule handle 2": nft started before the rule existed and cannot print it.
            if (!body.StartsWith("rule handle ", StringComparison.Ordinal)
                || !long.TryParse(body["rule handle ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var unknown))
            {
                return null;
            }

            handle = unknown;
        }
        else
        {
            var mark = body.LastIndexOf(" # handle ", StringComparison.Ordinal);
            if (mark >= 0)
            {
                if (long.TryParse(body[(mark + " # handle ".Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out var h))
                {
                    handle = h;
                }

                body = body[..mark];
            }

            text = body.IsEmpty ? null : Clean(body, limits.MaxTextLength);
        }

        return new NftTraceEvent(id, family, table, chain, NftTraceEventKind.Rule, verdict, text, handle, NoFields);
    }

    private static string? ReadVerdict(ReadOnlySpan<char> text, NftTraceLimits limits)
    {
        text = text.Trim();
        var space = text.IndexOf(' ');
        var word = space < 0 ? text : text[..space];
        switch (word)
        {
            case "accept" or "drop" or "continue" or "return" or "queue" or "stolen" or "repeat" or "break":
                return space < 0 ? word.ToString() : null;
            case "jump" or "goto":
                var target = text[(space + 1)..].Trim();
                return space < 0 || target.IsEmpty || target.Contains(' ') || target.Length > limits.MaxTextLength
                    ? null
                    : $"{word} {Clean(target, limits.MaxTextLength)}";
            default:
                return null;
        }
    }

    private static Dictionary<string, string> ParseFields(ReadOnlySpan<char> text, NftTraceLimits limits)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokens = Tokenize(text, limits);
        for (var i = 0; i < tokens.Count && fields.Count < limits.MaxFieldsPerPacket; i++)
        {
            var token = tokens[i];
            string key;
            if (TwoWordPrefixes.Contains(token) && i + 1 < tokens.Count)
            {
                key = token + " " + tokens[++i];
            }
            else if (OneWordKeys.Contains(token) || token.StartsWith('@'))
            {
                key = token;
            }
            else
            {
                continue;
            }

            if (i + 1 < tokens.Count && tokens[i + 1] is "==" or "!=")
            {
                i++;
            }

            if (i + 1 < tokens.Count)
            {
                fields.TryAdd(key, tokens[++i]);
            }
        }

        return fields;
    }

    /// <summary>Splits on spaces; a double-quoted token (an interface name) loses its quotes and may hold spaces.</summary>
    private static List<string> Tokenize(ReadOnlySpan<char> text, NftTraceLimits limits)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length && tokens.Count < limits.MaxFieldsPerPacket * 4)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            int end;
            string token;
            if (text[i] == '"')
            {
                var close = text[(i + 1)..].IndexOf('"');
                end = close < 0 ? text.Length : i + 1 + close + 1;
                token = Clean(text[(i + 1)..(close < 0 ? text.Length : i + 1 + close)], limits.MaxTextLength);
            }
            else
            {
                var space = text[i..].IndexOf(' ');
                end = space < 0 ? text.Length : i + space;
                token = Clean(text[i..end], limits.MaxTextLength);
            }

            tokens.Add(token);
            i = end;
        }

        return tokens;
    }

    /// <summary>
    /// The kernel may give a packet a new trace id on its way (seen on Linux 6.18 for a packet routed from a bridge:
    /// one id up to nat PREROUTING, another from filter FORWARD on). A packet line under an id with no open trace
    /// continues a recent trace that has not ended, has not passed that chain yet, and whose last packet line is
    /// the same IP packet: the same non-zero IPv4 id and length, or the same non-zero IPv6 flow label and length.
    /// </summary>
    private static List<NftTraceEvent>? ContinuationOf(List<List<NftTraceEvent>> traces, NftTraceEvent next)
    {
        if (next.Kind != NftTraceEventKind.Packet)
        {
            return null;
        }

        for (var i = traces.Count - 1; i >= Math.Max(0, traces.Count - 32); i--)
        {
            var candidate = traces[i];
            if (candidate.Count == 0 || candidate[^1].IsFinal || candidate[^1].TraceId == next.TraceId
                || candidate.Any(e => e.Family == next.Family && e.Table == next.Table && e.Chain == next.Chain))
            {
                continue;
            }

            var last = candidate.LastOrDefault(e => e.Kind == NftTraceEventKind.Packet);
            if (last is not null && SameIpPacket(last.Fields, next.Fields))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool SameIpPacket(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b, string key) =>
            a.TryGetValue(key, out var x) && b.TryGetValue(key, out var y) && x == y && x != "0";

        return (Same(a, b, "ip id") && Same(a, b, "ip length")) || (Same(a, b, "ip6 flowlabel") && Same(a, b, "ip6 length"));
    }

    private static bool StartsNewPacket(List<NftTraceEvent> events, NftTraceEvent next)
    {
        if (events.Count == 0)
        {
            return false;
        }

        if (events[^1].IsFinal)
        {
            return true;
        }

        return next.Kind == NftTraceEventKind.Packet
            && events.Any(e => e.Kind == NftTraceEventKind.Packet && e.Family == next.Family && e.Table == next.Table && e.Chain == next.Chain);
    }

    private static NftPacketTrace Build(List<NftTraceEvent> events)
    {
        var changes = new List<NftNatChange>();
        NftTraceEvent? previous = null;
        string? lastChain = null;
        foreach (var evt in events)
        {
            if (evt.Kind != NftTraceEventKind.Packet)
            {
                lastChain = evt.Where;
                continue;
            }

            if (previous is not null)
            {
                foreach (var field in NatFields)
                {
                    if (previous.Fields.TryGetValue(field, out var from) && evt.Fields.TryGetValue(field, out var to) && from != to)
                    {
                        changes.Add(new NftNatChange(lastChain ?? previous.Where, field, from, to));
                    }
                }
            }

            previous = evt;
        }

        // A regular chain (a jump target) has no hook of its own: it runs at the hook of the base chain that jumped.
        string? hook = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Hook is { } own)
            {
                hook = own;
            }
            else if (hook is not null && events[i].Kind != NftTraceEventKind.Packet)
            {
                events[i] = events[i] with { Hook = hook };
            }
        }

        return new NftPacketTrace(events[0].TraceId, events, changes);
    }

    private static bool NextWord(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> word)
    {
        rest = rest.TrimStart(' ');
        var space = rest.IndexOf(' ');
        word = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[(space + 1)..];
        return !word.IsEmpty;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keeps at most <paramref name="max"/> characters and turns control characters (an escape sequence a
    /// learner put in an interface name) into '?', so the text is safe in a message or a page.</summary>
    private static string Clean(ReadOnlySpan<char> text, int max)
    {
        if (text.Length > max)
        {
            text = text[..max];
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
