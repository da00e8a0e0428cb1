using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Labs.Netfilter;
using NetAcademy.Grading.Netfilter;
using NetAcademy.Packets.Netfilter;

namespace NetAcademy.Grading.Tests.Netfilter;

/// <summary>The trace check's judgement on the router trace recorded from the real kernel (netfilter-iptables topology).</summary>
public sealed class TraceCheckEvaluatorTests
{
    private static readonly NetfilterTraceResult Router = Load();

    private static NetfilterTraceResult Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "NftTraceFixtures");
        var parsed = NftTraceParser.Parse(File.ReadAllText(Path.Combine(folder, "router-forward.txt")),
            hooks: NftChainHooks.Parse(File.ReadAllText(Path.Combine(folder, "router-chains.json"))));
        return new NetfilterTraceResult(parsed.Traces, parsed.SkippedLines, parsed.Truncated, true);
    }

    private static readonly TraceMatch Ping = new("icmp", "10.0.1.2", "10.0.2.2", null, null);
    private static readonly TraceMatch WebViaDnat = new("tcp", "10.0.1.2", "10.0.1.1", null, 8080);
    private static readonly TraceMatch Admin = new("tcp", "10.0.1.2", "10.0.2.2", null, 8000);

    private static TraceCheck Check(TraceMatch match, TraceExpectation expect, string? table, string chain, string? hook = null, string? natTo = null) =>
        new(new NodeName("router"), null, null, match, null, expect, table, chain, hook, natTo, 3);

    private static NetAcademy.Grading.Checks.CheckResult Judge(TraceCheck check) => TraceCheckEvaluator.Judge(check, Router, "on router", null);

    [Fact]
    public void Judge_PingDroppedInForward_Passes()
    {
        var result = Judge(Check(Ping, TraceExpectation.Dropped, "filter", "FORWARD", "forward"));

        Assert.True(result.Passed, result.Message);
        Assert.StartsWith("A packet matching icmp 10.0.1.2 > 10.0.2.2 was dropped in ip filter FORWARD at forward drop (rule ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_PingExpectedAccepted_FailsNamingTheDropRule()
    {
        var result = Judge(Check(Ping, TraceExpectation.Accepted, "filter", "FORWARD"));

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Matches(@"^A packet matching icmp 10\.0\.1\.2 > 10\.0\.2\.2 was not accepted in chain FORWARD of table filter on router: it was dropped in ip filter FORWARD at forward drop \(rule \d+: meta l4proto icmp ip saddr 10\.0\.1\.2 counter packets 0 bytes 0 drop\)\.$",
            result.Message);
    }

    [Fact]
    public void Judge_DropExpectedInAChainNeverPassed_SaysSo()
    {
        var result = Judge(Check(Ping, TraceExpectation.Dropped, "filter", "INPUT", "input"));

        Assert.False(result.Passed);
        Assert.EndsWith("It never passed chain INPUT of table filter at input.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_PolicyDrop_CountsAsDroppedInTheChain()
    {
        var result = Judge(Check(Admin, TraceExpectation.Dropped, null, "FORWARD"));

        Assert.True(result.Passed, result.Message);
        Assert.EndsWith("ip filter FORWARD at forward drop (policy).", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.2.2:80", true)]
    [InlineData("10.0.2.2", true)]
    [InlineData(null, true)]
    [InlineData("10.0.2.3:80", false)]
    [InlineData("10.0.2.2:81", false)]
    public void Judge_Dnat_PassesOnlyForTheRightTarget(string? natTo, bool passes)
    {
        var result = Judge(Check(WebViaDnat, TraceExpectation.Nat, "nat", "PREROUTING", "prerouting", natTo));

        Assert.True(result.Passed == passes, result.Message);
    }

    [Fact]
    public void Judge_NatExpectedWhereThereIsNone_FailsWithThePath()
    {
        var result = Judge(Check(Ping, TraceExpectation.Nat, "nat", "PREROUTING"));

        Assert.False(result.Passed);
        Assert.Contains("it was dropped in ip filter FORWARD", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_AcceptedEverywhereButNotNated_PathLeavesOutThePlatformsTable()
    {
        var syn = new TraceMatch("tcp", "10.0.1.2", "10.0.1.1", null, 8080);

        var result = Judge(Check(syn, TraceExpectation.Dropped, "filter", "FORWARD"));

        Assert.False(result.Passed);
        Assert.Contains(": it went ip nat PREROUTING at prerouting accept (rule ", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("netacademy_trace", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_NoPacketOfTheMatch_FailsSayingNothingWasTraced()
    {
        var result = Judge(Check(new TraceMatch("udp", "10.0.1.2", null, null, 53), TraceExpectation.Dropped, null, "FORWARD"));

        Assert.False(result.Passed);
        Assert.StartsWith("No packet matching udp 10.0.1.2 > * to port 53 went through netfilter on router while the trace ran;", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.2.2:80", "10.0.2.2", "80")]
    [InlineData("10.0.2.2", "10.0.2.2", null)]
    [InlineData("[fd00::2]:80", "fd00::2", "80")]
    [InlineData("fd00::2", "fd00::2", null)]
    public void SplitTarget_Forms(string target, string address, string? port) =>
        Assert.Equal((address, port), TraceCheckEvaluator.SplitTarget(target));

    [Fact]
    public void Matches_FieldsOfAnotherPacket_AreNotTheMatch()
    {
        var fields = new Dictionary<string, string> { ["ip saddr"] = "10.0.1.2", ["ip daddr"] = "10.0.2.2", ["tcp dport"] = "80" };

        Assert.True(TraceCheckEvaluator.Matches(new TraceMatch("tcp", "10.0.1.0/24", null, null, 80), fields));
        Assert.False(TraceCheckEvaluator.Matches(new TraceMatch("udp", null, null, null, 80), fields));
        Assert.False(TraceCheckEvaluator.Matches(new TraceMatch("tcp", null, "10.0.3.0/24", null, null), fields));
        Assert.False(TraceCheckEvaluator.Matches(new TraceMatch("tcp", null, null, null, 81), fields));
    }
}
