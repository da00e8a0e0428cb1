using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Labs.Netfilter;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Netfilter;
using NetAcademy.Packets.Netfilter;

namespace NetAcademy.Grading.Tests.Integration;

/// <summary>
/// The netfilter tracer and the trace check in a real lab node (userns-remapped, NET_ADMIN): real nft, real kernel
/// trace events. b holds a "learner" table that drops ping from a in its input chain.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class NetfilterTraceDockerTests(GradingDockerFixture lab) : IAsyncLifetime
{
    private static readonly NodeName A = new("a");
    private static readonly NodeName B = new("b");
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private TraceMatch PingFromA => new("icmp", lab.AddressA, lab.AddressB, null, null);

    private async Task<string> RunAsync(NodeName node, params string[] argv)
    {
        var result = await lab.Shell.RunAsync(node, argv, null, Long, default);
        Assert.True(result.ExitCode == 0, $"`{string.Join(' ', argv)}` on {node} failed: {result.Stdout}{result.Stderr}");
        return result.Stdout;
    }

    public async Task InitializeAsync()
    {
        await RunAsync(B, "nft", "add", "table", "inet", "learner");
        await RunAsync(B, "nft", "add", "chain", "inet", "learner", "input", "{ type filter hook input priority 0; policy accept; }");
        await RunAsync(B, "nft", "add", "rule", "inet", "learner", "input", "ip", "saddr", lab.AddressA, "icmp", "type", "echo-request", "counter", "drop");
    }

    public async Task DisposeAsync() => await RunAsync(B, "nft", "delete", "table", "inet", "learner");

    private Task PingAsync(CancellationToken ct) => lab.Shell.RunAsync(A, ["ping", "-c", "2", "-i", "0.3", "-W", "1", lab.AddressB], null, Long, ct);

    [Fact]
    public async Task TraceAsync_PingDroppedByLearnerRule_ShowsRuleAndHookAndLeavesLearnerRulesAlone()
    {
        var before = await RunAsync(B, "nft", "-a", "list", "ruleset");

        var result = await new NetfilterTracer(lab.Shell).TraceAsync(B, null, PingFromA, TimeSpan.FromSeconds(5), PingAsync, default);

        var after = await RunAsync(B, "nft", "-a", "list", "ruleset");
        Assert.True(result.TableRemoved);
        Assert.DoesNotContain(NetfilterTracer.TablePrefix, after, StringComparison.Ordinal);
        Assert.Equal(before, after.Replace("packets 2 bytes 168", "packets 0 bytes 0", StringComparison.Ordinal));
        Assert.Equal(2, result.Traces.Count);
        foreach (var trace in result.Traces)
        {
            Assert.True(NetfilterTracer.IsPlatformTable(trace.Events[0].Table), trace.Events[0].Table);
            Assert.Equal("prerouting", trace.Events[0].Hook);
            var drop = Assert.IsType<NftTraceEvent>(trace.FinalVerdict);
            Assert.Equal(("inet", "learner", "input", "input", "drop"), (drop.Family, drop.Table, drop.Chain, drop.Hook, drop.Verdict));
            Assert.Contains("icmp type echo-request counter", drop.RuleText, StringComparison.Ordinal);
            Assert.NotNull(drop.RuleHandle);
            Assert.Equal(lab.AddressA, trace.FirstFields["ip saddr"]);
        }
    }

    [Fact]
    public async Task TraceAsync_Cancelled_StillRemovesTheTable()
    {
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new NetfilterTracer(lab.Shell).TraceAsync(B, null, PingFromA, TimeSpan.FromSeconds(10),
            async ct =>
            {
                Assert.Contains(NetfilterTracer.TablePrefix, await RunAsync(B, "nft", "list", "tables"), StringComparison.Ordinal);
                await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
            }, cts.Token));

        var tables = await RunAsync(B, "nft", "list", "tables");
        Assert.DoesNotContain(NetfilterTracer.TablePrefix, tables, StringComparison.Ordinal);
        Assert.Contains("table inet learner", tables, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceAsync_LeftoverPlatformTables_AreRemovedAndTheLearnersKept()
    {
        // Left by a trace that no longer runs: the old fixed name, and a trace's table whose files are gone.
        foreach (var leftover in new[] { NetfilterTracer.TablePrefix, NetfilterTracer.TablePrefix + "_0123456789abcdef" })
        {
            await RunAsync(B, "nft", "add", "table", "inet", leftover);
            await RunAsync(B, "nft", "add", "chain", "inet", leftover, "stale");
        }

        var result = await new NetfilterTracer(lab.Shell).TraceAsync(B, null, PingFromA, TimeSpan.FromSeconds(5), PingAsync, default);

        Assert.Equal(2, result.Traces.Count);
        var tables = await RunAsync(B, "nft", "list", "tables");
        Assert.DoesNotContain(NetfilterTracer.TablePrefix, tables, StringComparison.Ordinal);
        Assert.Contains("table inet learner", tables, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceAsync_TwoTracesAtOnceInOneNode_EachKeepsItsTableAndSeesOnlyItsOwnPackets()
    {
        // The Trace panel and a trace check in the same node at the same moment: each must see its own packets, and
        // neither may remove the other's table (they shared one name before, and the second start replaced it).
        var udp = new TraceMatch("udp", lab.AddressA, lab.AddressB, null, 9999);
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        async Task WhenBothStarted(CancellationToken ct)
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.TrySetResult();
            }
            await bothStarted.Task.WaitAsync(ct);
        }

        var tracer = new NetfilterTracer(lab.Shell);
        var pings = tracer.TraceAsync(B, null, PingFromA, TimeSpan.FromSeconds(15), async ct =>
        {
            await WhenBothStarted(ct);
            await PingAsync(ct);
        }, default);
        var datagrams = tracer.TraceAsync(B, null, udp, TimeSpan.FromSeconds(15), async ct =>
        {
            await WhenBothStarted(ct);
            var sent = await lab.Shell.RunAsync(A, ["bash", "-c", "for i in 1 2 3; do echo hi >/dev/udp/$1/9999; sleep 0.2; done", "bash", lab.AddressB], null, Long, ct);
            Assert.Equal(0, sent.ExitCode);
        }, default);
        var results = await Task.WhenAll(pings, datagrams);

        Assert.Equal(2, results[0].Traces.Count);
        Assert.All(results[0].Traces, t => Assert.Equal("echo-request", t.FirstFields["icmp type"]));
        Assert.Equal(3, results[1].Traces.Count);
        Assert.All(results[1].Traces, t => Assert.Equal("9999", t.FirstFields["udp dport"]));
        Assert.All(results, r => Assert.True(r.TableRemoved));
        Assert.DoesNotContain(NetfilterTracer.TablePrefix, await RunAsync(B, "nft", "list", "tables"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceCheck_DroppedInLearnerInput_PassesAndAcceptedFailsNamingWhereItWent()
    {
        var evaluator = new TraceCheckEvaluator(new GradingOptions());
        var context = new GradingContext(lab.Lab, lab.Shell, lab.GraphProvider(lab.Session, lab.Lab));
        var trigger = new TrafficTrigger(A, null, ["ping", "-c", "1", "-W", "1", lab.AddressB]);
        var dropped = new TraceCheck(B, null, null, PingFromA, trigger, TraceExpectation.Dropped, "learner", "input", "input", null, 3);

        var pass = await evaluator.EvaluateAsync(dropped, context, default);
        var wrongHook = await evaluator.EvaluateAsync(dropped with { Hook = "forward" }, context, default);
        var accepted = await evaluator.EvaluateAsync(dropped with { Expect = TraceExpectation.Accepted }, context, default);

        Assert.True(pass.Passed, pass.Message + "\n" + pass.Detail);
        Assert.Contains("was dropped in inet learner input at input drop (rule", pass.Message, StringComparison.Ordinal);
        Assert.False(wrongHook.Passed);
        Assert.False(accepted.Passed);
        Assert.False(accepted.Errored);
        Assert.StartsWith($"A packet matching icmp {lab.AddressA} > {lab.AddressB} was not accepted in chain input of table learner at input on b: it was dropped in inet learner input at input drop (rule ",
            accepted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceAsync_InANamespace_TracesThereAndRemovesTheTableThere()
    {
        var ns = "tr" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var host = "tv" + ns[2..];
        await RunAsync(A, "ip", "netns", "add", ns);
        try
        {
            await RunAsync(A, "ip", "link", "add", host, "type", "veth", "peer", "name", "inner", "netns", ns);
            await RunAsync(A, "ip", "addr", "add", "10.77.0.1/30", "dev", host);
            await RunAsync(A, "ip", "link", "set", host, "up");
            await RunAsync(A, "ip", "-n", ns, "addr", "add", "10.77.0.2/30", "dev", "inner");
            await RunAsync(A, "ip", "-n", ns, "link", "set", "inner", "up");

            var result = await new NetfilterTracer(lab.Shell).TraceAsync(A, ns, new TraceMatch("icmp", null, "10.77.0.2", null, null), TimeSpan.FromSeconds(5),
                ct => lab.Shell.RunAsync(A, ["ping", "-c", "1", "-W", "1", "10.77.0.2"], null, Long, ct), default);

            var trace = Assert.Single(result.Traces);
            Assert.Equal(("inner", "prerouting"), (trace.FirstFields["iif"], trace.Events[0].Hook));
            var inNs = await lab.Shell.RunAsync(A, ["nft", "list", "tables"], ns, Long, default);
            Assert.Equal(0, inNs.ExitCode);
            Assert.DoesNotContain(NetfilterTracer.TablePrefix, inNs.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await RunAsync(A, "ip", "netns", "del", ns);
            await lab.Shell.RunAsync(A, ["ip", "link", "del", host], null, Long, default);
        }
    }

    [Fact]
    public async Task TraceAsync_LearnerReplacesNftWithAFlood_OutputStaysBoundedAndTheTableGoes()
    {
        // The learner is root in the node: an nft whose monitor says it is ready, then prints trace lines without end.
        const string Wrapper = """
            #!/bin/sh
            if [ "$1" = "-a" ] && [ "$2" = "monitor" ]; then
              t=$(/usr/sbin/nft list tables | sed -n 's/^table inet \(netacademy_trace_[0-9a-f]*\)$/\1/p' | head -n 1)
            echo "add chain inet $t sync # handle 9"
              while :; do echo 'trace id 0badf00d ip filter FORWARD packet: iif "eth0" ip saddr 10.0.0.66 ip daddr 10.0.0.77 ip id 1 ip length 1'; done
            fi
            exec /usr/sbin/nft "$@"
            """;
        await RunAsync(B, "sh", "-c", "printf '%s\\n' \"$1\" >/usr/local/sbin/nft && chmod +x /usr/local/sbin/nft", "sh", Wrapper);
        try
        {
            var result = await new NetfilterTracer(lab.Shell).TraceAsync(B, null, PingFromA, TimeSpan.FromSeconds(3), PingAsync, default);

            Assert.True(result.Truncated);
            Assert.True(result.Traces.Count <= NftTraceLimits.Default.MaxTraces);
            Assert.DoesNotContain(result.Traces, t => t.FirstFields.GetValueOrDefault("ip saddr") != "10.0.0.66");
            Assert.DoesNotContain(NetfilterTracer.TablePrefix, await RunAsync(B, "/usr/sbin/nft", "list", "tables"), StringComparison.Ordinal);
        }
        finally
        {
            await RunAsync(B, "rm", "-f", "/usr/local/sbin/nft");
        }
    }
}
