using NetAcademy.Packets.Netfilter;
using NetAcademy.Packets.Tests.Support;

namespace NetAcademy.Packets.Tests.Netfilter;

/// <summary>On `nft -a monitor` output recorded from the real kernel (Fixtures/record-nft-trace.sh) and hand-written hostile lines.</summary>
public sealed class NftTraceParserTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(FixtureFiles.Directory, "nft-trace", name));

    private static NftTraceParseResult Router() =>
        NftTraceParser.Parse(Fixture("router-forward.txt"), hooks: NftChainHooks.Parse(Fixture("router-chains.json")));

    [Fact]
    public void Parse_RouterForward_SplitsReusedTraceIdsIntoPackets()
    {
        var result = Router();

        Assert.Equal(0, result.SkippedLines);
        Assert.False(result.Truncated);
        // SYN, ACK, FIN/ACK, ACK of the 8080 connection (the kernel reused the SYN's id), the ping, the SYN to 8000.
        Assert.True(result.Traces.Count >= 6, $"{result.Traces.Count} traces");
        Assert.All(result.Traces, t => Assert.Equal("netacademy_trace", t.Events[0].Table));
        Assert.All(result.Traces, t => Assert.Equal(NftTraceEventKind.Packet, t.Events[0].Kind));
    }

    [Fact]
    public void Parse_DnatConnection_ShowsRuleAndAddressChange()
    {
        var syn = Router().Traces.First(t => t.FirstFields.GetValueOrDefault("tcp dport") == "8080" && t.FirstFields.GetValueOrDefault("tcp flags") == "syn");

        var dnat = syn.Decisions.First(d => d.Table == "nat" && d.Chain == "PREROUTING");
        Assert.Equal("accept", dnat.Verdict);
        Assert.Equal("prerouting", dnat.Hook);
        Assert.NotNull(dnat.RuleHandle);
        Assert.Contains("dnat to 10.0.2.2:80", dnat.RuleText, StringComparison.Ordinal);
        Assert.Contains(syn.NatChanges, c => c.Field == "ip daddr" && c.From == "10.0.1.1" && c.To == "10.0.2.2" && c.At == "ip nat PREROUTING");
        Assert.Contains(syn.NatChanges, c => c.Field == "tcp dport" && c.From == "8080" && c.To == "80");
        Assert.Equal("10.0.2.2", syn.LastFields["ip daddr"]);
        Assert.Equal("eth1", syn.LastFields["oif"]);
        var forward = syn.Decisions.First(d => d.Chain == "FORWARD");
        Assert.Equal(("accept", "forward"), (forward.Verdict, forward.Hook));
        Assert.Null(syn.FinalVerdict);
        Assert.Contains("masquerade", syn.Decisions[^1].RuleText, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Ping_IsDroppedByTheIcmpRuleInForward()
    {
        var ping = Router().Traces.Single(t => t.FirstFields.GetValueOrDefault("icmp type") == "echo-request");

        var final = Assert.IsType<NftTraceEvent>(ping.FinalVerdict);
        Assert.Equal((NftTraceEventKind.Rule, "drop", "filter", "FORWARD", "forward"), (final.Kind, final.Verdict, final.Table, final.Chain, final.Hook));
        Assert.Contains("meta l4proto icmp ip saddr 10.0.1.2", final.RuleText, StringComparison.Ordinal);
        Assert.Contains("ip filter FORWARD at forward drop (rule ", ping.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Port8000_IsDroppedByThePolicy()
    {
        var syn = Router().Traces.Single(t => t.FirstFields.GetValueOrDefault("tcp dport") == "8000");

        var final = Assert.IsType<NftTraceEvent>(syn.FinalVerdict);
        Assert.Equal((NftTraceEventKind.Policy, "drop", "FORWARD"), (final.Kind, final.Verdict, final.Chain));
        Assert.EndsWith("ip filter FORWARD at forward drop (policy)", syn.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BridgeMasquerade_JoinsTheTraceIdTheKernelChangedOnTheWay()
    {
        var result = NftTraceParser.Parse(Fixture("bridge-masquerade.txt"), hooks: NftChainHooks.Parse(Fixture("bridge-chains.json")));

        var ping = Assert.Single(result.Traces);
        Assert.True(ping.Events.Select(e => e.TraceId).Distinct().Count() == 2, "the recording should hold the id change");
        Assert.Equal(["inet netacademy_trace prerouting", "ip nat PREROUTING", "ip filter FORWARD", "ip nat POSTROUTING"],
            ping.Events.Where(e => e.Kind == NftTraceEventKind.Packet).Select(e => e.Where));
        var masquerade = ping.Decisions[^1];
        Assert.Equal(("nat", "POSTROUTING", "postrouting", "accept"), (masquerade.Table, masquerade.Chain, masquerade.Hook, masquerade.Verdict));
        Assert.Contains("masquerade", masquerade.RuleText, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ClientOutput_KeepsRuleKnownOnlyByHandle()
    {
        var result = NftTraceParser.Parse(Fixture("client-output.txt"));

        var trace = Assert.Single(result.Traces);
        var unknown = trace.Events.Single(e => e.Table == "filter" && e.Chain == "OUTPUT" && e.Kind == NftTraceEventKind.Rule);
        Assert.Null(unknown.RuleText);
        Assert.Equal(2, unknown.RuleHandle);
        Assert.Equal("accept", unknown.Verdict);
        Assert.Equal("eth0", trace.FirstFields["oif"]);
        Assert.Null(trace.Events[0].Hook);
    }

    [Fact]
    public void Parse_Truncated_KeepsWholeLinesAndSkipsTheCutOne()
    {
        var whole = Router();
        var cut = NftTraceParser.Parse(Fixture("truncated.txt"), hooks: NftChainHooks.Parse(Fixture("router-chains.json")));

        Assert.Equal(1, cut.SkippedLines);
        Assert.NotEmpty(cut.Traces);
        Assert.Equal(whole.Traces[0].Events.Take(cut.Traces[0].Events.Count).Select(e => (e.Where, e.Kind, e.Verdict)),
            cut.Traces[0].Events.Select(e => (e.Where, e.Kind, e.Verdict)));
        Assert.Equal(whole.Traces[0].FirstFields, cut.Traces[0].FirstFields);
    }

    [Fact]
    public void Parse_Hostile_NeverThrowsAndKeepsGoodLines()
    {
        var result = NftTraceParser.Parse(Fixture("hostile.txt"));

        var first = result.Traces.First(t => t.TraceId == "0badf00d");
        Assert.Equal("drop", first.FinalVerdict?.Verdict);
        Assert.Equal(7, first.FinalVerdict?.RuleHandle);
        Assert.True(result.SkippedLines >= 5, $"{result.SkippedLines} skipped");
        var escaped = result.Traces.Single(t => t.TraceId == "12345678").FirstFields;
        Assert.DoesNotContain(escaped.Values, v => v.Any(char.IsControl));
        Assert.Equal("eth0?[31m red", escaped["iif"]);
        var many = result.Traces.Single(t => t.TraceId == "0badf00e");
        Assert.True(many.FirstFields.Count <= NftTraceLimits.Default.MaxFieldsPerPacket);
        Assert.Contains(result.Traces, t => t.TraceId == "0badf010" && t.FinalVerdict?.Kind == NftTraceEventKind.Policy);
    }

    [Fact]
    public void Parse_Bounds_StopAtMaxLinesAndMaxTraces()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 5000).Select(i => $"trace id {i:x8} ip filter INPUT policy drop"));

        var byLines = NftTraceParser.Parse(lines, new NftTraceLimits { MaxLines = 100 });
        var byTraces = NftTraceParser.Parse(lines, new NftTraceLimits { MaxTraces = 10 });
        var longLine = NftTraceParser.Parse("trace id 00000001 ip filter INPUT rule " + new string('x', 10_000) + " (verdict drop)");

        Assert.True(byLines.Truncated);
        Assert.Equal(100, byLines.Traces.Count);
        Assert.True(byTraces.Truncated);
        Assert.Equal(10, byTraces.Traces.Count);
        Assert.Empty(longLine.Traces);
        Assert.Equal(1, longLine.SkippedLines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("trace id ")]
    [InlineData("trace id 0000000g ip filter INPUT policy drop")]
    [InlineData("trace id 00000001 ip filter INPUT policy maybe")]
    [InlineData("trace id 00000001 ip filter INPUT rule x (verdict jump)")]
    [InlineData("trace id 00000001 ip filter INPUT rule x (verdict accept")]
    [InlineData("trace id 00000001 ip filter INPUT unknown rule handle x (verdict accept)")]
    public void ParseLine_Malformed_ReturnsNull(string line) => Assert.Null(NftTraceParser.ParseLine(line));

    [Fact]
    public void ParseLine_JumpVerdict_KeepsTarget()
    {
        var evt = NftTraceParser.ParseLine("trace id 00000001 inet lb prerouting rule tcp dport 80 jump backends # handle 5 (verdict jump backends)");

        Assert.Equal(("jump backends", 5L, false), (evt?.Verdict, evt?.RuleHandle, evt?.IsDecision));
    }

    [Fact]
    public void ChainHooks_Garbage_IsEmpty()
    {
        Assert.Equal(0, NftChainHooks.Parse("not json").Count);
        Assert.Equal(0, NftChainHooks.Parse("{\"nftables\": 3}").Count);
        Assert.Equal(0, NftChainHooks.Parse("3").Count);
        Assert.Equal(0, NftChainHooks.Parse("[{\"chain\": 1}]").Count);
        Assert.True(NftChainHooks.Parse(Fixture("router-chains.json")).Count >= 5);
    }
}
