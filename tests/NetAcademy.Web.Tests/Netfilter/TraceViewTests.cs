using NetAcademy.Grading.Netfilter;
using NetAcademy.Packets.Netfilter;
using NetAcademy.Web.Netfilter;

namespace NetAcademy.Web.Tests.Netfilter;

/// <summary>The Trace panel's view of a trace, built from a trace recorded on the real kernel (netfilter-iptables' router, a DNATed connection).</summary>
public sealed class TraceViewTests
{
    private static TraceView Recorded()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nft-trace");
        var hooks = NftChainHooks.Parse(File.ReadAllText(Path.Combine(dir, "router-chains.json")));
        var parsed = NftTraceParser.Parse(File.ReadAllText(Path.Combine(dir, "router-forward.txt")), hooks: hooks);
        return TraceView.Of("router", "tcp 10.0.1.2 > *", new NetfilterTraceResult(parsed.Traces, parsed.SkippedLines, parsed.Truncated, true));
    }

    [Fact]
    public void Of_DnatedSyn_ChainsInOrderWithoutThePlatformsTable_HooksNatAndRules()
    {
        var syn = Recorded().Packets[0];

        Assert.Equal(1, syn.Number);
        Assert.StartsWith("tcp 10.0.1.2:56470 > 10.0.1.1:8080", syn.Summary, StringComparison.Ordinal);
        Assert.Equal(["ip nat PREROUTING", "ip filter FORWARD", "ip nat POSTROUTING"], syn.Chains.Select(c => c.Where));
        Assert.DoesNotContain(syn.Chains, c => NetfilterTracer.IsPlatformTable(c.Table));
        // The platform's prerouting chain still counts as a hook the packet was seen at.
        Assert.Equal(["prerouting", "forward", "postrouting"], syn.Hooks);
        Assert.Equal("accepted", syn.Verdict);
        Assert.Null(syn.DecidedAt);
        Assert.Contains("ip daddr 10.0.1.1 → 10.0.2.2 after ip nat PREROUTING", syn.Nat);

        var forward = syn.Chains[1];
        Assert.Equal(("forward", "accept", "rule"), (forward.Hook, forward.Verdict, forward.DecidedBy));
        var rule = Assert.Single(forward.Rules);
        Assert.Equal(3, rule.Handle);
        Assert.Equal("accept", rule.Verdict);
        Assert.Contains("ip daddr 10.0.2.2 tcp dport 80 ct state new", rule.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_MorePacketsThanShown_KeepsTheFirstAndCountsTheRest()
    {
        var one = NftTraceParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "nft-trace", "router-forward.txt"))).Traces[0];
        var many = Enumerable.Repeat(one, TraceView.MaxPackets + 7).ToList();

        var view = TraceView.Of("router", "tcp", new NetfilterTraceResult(many, 0, false, true));

        Assert.Equal(TraceView.MaxPackets, view.Packets.Count);
        Assert.Equal(7, view.MorePackets);
        Assert.Equal(TraceView.MaxPackets, view.Packets[^1].Number);
    }
}
