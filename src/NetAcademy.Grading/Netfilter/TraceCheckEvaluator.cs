using System.Net;
using System.Text.RegularExpressions;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Labs.Netfilter;
using NetAcademy.Grading.Checks;
using NetAcademy.Packets.Netfilter;
using NetAcademy.Packets.Probes;

namespace NetAcademy.Grading.Netfilter;

/// <summary>
/// Evaluates a <see cref="TraceCheck"/>: traces packets of the check's match in its node with a
/// <see cref="NetfilterTracer"/> while the trigger runs, then looks for a traced packet that was dropped, accepted or
/// NATed in the check's chain. A failure says where the packet went instead, chain by chain.
/// </summary>
public sealed partial class TraceCheckEvaluator : ICheckEvaluator
{
    private readonly GradingOptions _options;
    private readonly ProbeSignature _signature;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="options">Grading options (<see cref="GradingOptions.CaptureTimeFactor"/> stretches the trace time too).</param>
    /// <param name="signature">How a ping trigger is tagged as the grader's; the process's own when null.</param>
    public TraceCheckEvaluator(GradingOptions options, ProbeSignature? signature = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _signature = signature ?? ProbeSignature.ForThisProcess;
    }

    /// <inheritdoc />
    public string Kind => "trace";

    /// <inheritdoc />
    public async Task<CheckResult> EvaluateAsync(Check check, GradingContext context, CancellationToken cancellationToken)
    {
        if (check is not TraceCheck trace)
        {
            throw new ArgumentException($"A {Kind} evaluator cannot evaluate a {check.Kind} check.", nameof(check));
        }

        ArgumentNullException.ThrowIfNull(context);
        if (trace.Match.Validate() is { } invalid)
        {
            return CheckResult.Error($"The lab's trace match is invalid ({invalid}); this is a problem with the lab, not your work.");
        }

        var seconds = Math.Clamp(trace.TraceSeconds, 0.5, 30) * Math.Clamp(_options.CaptureTimeFactor, 1, 10);
        var where = Phrases.Where(trace.Node, trace.Netns);
        string? triggerDetail = null;
        var triggerNetnsMissing = false;
        NetfilterTraceResult result;
        try
        {
            result = await new NetfilterTracer(context.Shell).TraceAsync(trace.Node, trace.Netns, trace.Match, TimeSpan.FromSeconds(seconds),
                trace.Trigger is not { } trigger ? null : async ct =>
                {
                    (var ran, triggerDetail) = await ProbePing.RunTriggerAsync(context.Shell, trigger, _signature, TimeSpan.FromSeconds(seconds), ct);
                    triggerNetnsMissing = ran.NetnsMissing;
                },
                cancellationToken);
        }
        catch (NetfilterTraceException e)
        {
            return e.NetnsMissing && trace.Netns is not null
                ? CheckResult.Fail(Phrases.NoNamespace(trace.Node, trace.Netns), e.Detail)
                : CheckResult.Error(e.Message + " Try again.", e.Detail);
        }

        if (triggerNetnsMissing)
        {
            return CheckResult.Fail(Phrases.NoNamespace(trace.Trigger!.Node, trace.Trigger.Netns!), triggerDetail);
        }

        return Judge(trace, result, where, triggerDetail);
    }

    /// <summary>Turns the traces into a result: pass when one traced packet of the match had the expected fate in the chain.</summary>
    internal static CheckResult Judge(TraceCheck check, NetfilterTraceResult result, string where, string? triggerDetail)
    {
        var packets = result.Traces.Where(t => Matches(check.Match, t.FirstFields)).ToList();
        var place = $"chain {check.Chain}" + (check.Table is null ? "" : $" of table {check.Table}") + (check.Hook is null ? "" : $" at {check.Hook}");
        var fate = check.Expect switch
        {
            TraceExpectation.Dropped => "dropped",
            TraceExpectation.Accepted => "accepted",
            _ => check.NatTo is null ? "NATed" : $"NATed to {check.NatTo}",
        };
        var paths = packets.Take(3).Select(t => "  " + t.Describe(NetfilterTracer.IsPlatformTable)).ToList();
        var detail = $"{result.Traces.Count} packet(s) traced, {packets.Count} matching {check.Match}"
            + (result.Truncated ? " (trace cut short)" : "")
            + (paths.Count > 0 ? "\n" + string.Join('\n', paths) : "")
            + (triggerDetail is null ? "" : "\n" + triggerDetail);
        if (packets.Count == 0)
        {
            var other = result.Traces.Count == 0 ? "no packet was traced at all" : $"{result.Traces.Count} other packet(s) were";
            return CheckResult.Fail($"No packet matching {check.Match} went through netfilter {where} while the trace ran; {other}.", detail);
        }

        foreach (var packet in packets)
        {
            if (Find(check, packet) is { } evidence)
            {
                return CheckResult.Pass($"A packet matching {check.Match} was {fate} in {NftPacketTrace.Describe(evidence)}.", detail);
            }
        }

        var first = packets[0];
        var ending = first.FinalVerdict is { } final
            ? $"it was {Past(final.Verdict)} in {NftPacketTrace.Describe(final)}"
            : first.Decisions.All(d => NetfilterTracer.IsPlatformTable(d.Table)) ? "no chain decided anything for it" : $"it went {first.Describe(NetfilterTracer.IsPlatformTable)}";
        var visited = first.Events.Any(e => InChain(check, e))
            ? ""
            : $" It never passed {place}.";
        return CheckResult.Fail($"A packet matching {check.Match} was not {fate} in {place} {where}: {ending}.{visited}", detail);
    }

    private static NftTraceEvent? Find(TraceCheck check, NftPacketTrace packet)
    {
        switch (check.Expect)
        {
            case TraceExpectation.Dropped:
                return packet.FinalVerdict is { Verdict: "drop" } drop && InChain(check, drop) ? drop : null;
            case TraceExpectation.Accepted:
                return packet.Decisions.FirstOrDefault(d => d.Verdict == "accept" && InChain(check, d));
            default:
                foreach (var rule in packet.Events.Where(e => e.Kind == NftTraceEventKind.Rule && InChain(check, e)))
                {
                    var statement = rule.RuleText is null ? null : NatStatement().Match(rule.RuleText);
                    var changed = packet.NatChanges.Where(c => c.At == rule.Where).ToList();
                    if (statement is not { Success: true } && changed.Count == 0)
                    {
                        continue;
                    }

                    if (check.NatTo is null
                        || (statement is { Success: true } && statement.Groups["to"].Success && SameTarget(statement.Groups["to"].Value, check.NatTo))
                        || ChangedTo(changed, check.NatTo))
                    {
                        return rule;
                    }
                }

                return null;
        }
    }

    private static bool InChain(TraceCheck check, NftTraceEvent e) =>
        e.Chain == check.Chain && (check.Table is null || e.Table == check.Table) && (check.Hook is null || e.Hook == check.Hook);

    private static bool SameTarget(string written, string expected) =>
        string.Equals(written.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the fields seen after the chain hold the expected address (and port).</summary>
    private static bool ChangedTo(List<NftNatChange> changes, string expected)
    {
        var (address, port) = SplitTarget(expected);
        var addressOk = changes.Any(c => c.Field.EndsWith("addr", StringComparison.Ordinal) && c.To == address);
        var portOk = port is null || changes.Any(c => c.Field.EndsWith("port", StringComparison.Ordinal) && c.To == port);
        return addressOk && portOk;
    }

    /// <summary>"10.0.2.2:80" → (10.0.2.2, 80); "[fd00::2]:80" → (fd00::2, 80); "10.0.2.2" → (10.0.2.2, null).</summary>
    internal static (string Address, string? Port) SplitTarget(string target)
    {
        if (target.StartsWith('['))
        {
            var close = target.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? (target, null) : (target[1..close], close + 2 < target.Length ? target[(close + 2)..] : null);
        }

        var colon = target.LastIndexOf(':');
        return colon > 0 && target.IndexOf(':', StringComparison.Ordinal) == colon ? (target[..colon], target[(colon + 1)..]) : (target, null);
    }

    /// <summary>True when a packet's first fields are of the match (a learner's own nftrace rule may trace others).</summary>
    internal static bool Matches(TraceMatch match, IReadOnlyDictionary<string, string> fields)
    {
        if (fields.Count == 0)
        {
            return false;
        }

        if (!AddressIn(match.Source, fields, "saddr") || !AddressIn(match.Destination, fields, "daddr"))
        {
            return false;
        }

        if (match.Protocol is { } protocol
            && !fields.Keys.Any(k => k.StartsWith(protocol + " ", StringComparison.Ordinal))
            && fields.GetValueOrDefault("ip protocol") != protocol && fields.GetValueOrDefault("ip6 nexthdr") != protocol
            && fields.GetValueOrDefault("meta l4proto") != protocol)
        {
            return false;
        }

        return PortIs(match.SourcePort, fields, "sport") && PortIs(match.DestinationPort, fields, "dport");
    }

    private static bool AddressIn(string? expected, IReadOnlyDictionary<string, string> fields, string direction)
    {
        if (expected is null)
        {
            return true;
        }

        var text = fields.GetValueOrDefault("ip " + direction) ?? fields.GetValueOrDefault("ip6 " + direction);
        return text is not null && TraceMatch.TryParse(expected, out var network) && IPAddress.TryParse(text, out var address) && network.Contains(address);
    }

    private static bool PortIs(int? expected, IReadOnlyDictionary<string, string> fields, string direction) =>
        expected is not { } port
        || fields.GetValueOrDefault("tcp " + direction) == port.ToString(System.Globalization.CultureInfo.InvariantCulture)
        || fields.GetValueOrDefault("udp " + direction) == port.ToString(System.Globalization.CultureInfo.InvariantCulture)
        || fields.GetValueOrDefault("th " + direction) == port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Past(string? verdict) => verdict switch
    {
        "drop" => "dropped",
        "queue" => "queued to user space",
        "accept" => "accepted",
        _ => verdict ?? "stopped",
    };

    [GeneratedRegex(@"\b(?:dnat|snat|masquerade|redirect)\b(?:\s+(?:ip6?\s+)?to\s+(?<to>\S+))?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NatStatement();
}
