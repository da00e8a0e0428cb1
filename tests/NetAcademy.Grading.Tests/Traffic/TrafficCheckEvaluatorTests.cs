using System.Text.RegularExpressions;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Tests.Support;
using NetAcademy.Grading.Traffic;
using static NetAcademy.Grading.Tests.Support.Frames;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Traffic;

public sealed class TrafficCheckEvaluatorTests
{
    private static readonly byte[] Ping = EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 1, Icmp(8)));
    private static readonly byte[] ArpRequest = Arp(1, "02:00:00:00:00:01", "172.20.0.2", "00:00:00:00:00:00", "172.20.0.3");
    private readonly TrafficCheckEvaluator _evaluator = new(new GradingOptions(), new NetAcademy.Packets.Probes.ProbeSignature("NA-probe"u8, 61440));

    private static TrafficCheck Check(string pattern = "IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo-request", bool expectSeen = true, string? netns = null) =>
        new(Host1, netns, null, "eth0", pattern, new TrafficTrigger(new NodeName("host2"), "red", ["ping", "-c", "2", "172.20.0.3"]), 2, expectSeen);

    private static FakeNodeShell Shell(byte[]? capture, ExecResult? start = null) => new FakeNodeShell()
        .On(c => c.Argv is ["sh", "-c", TrafficCheckEvaluator.StartScript, ..], _ => start ?? FakeNodeShell.Ok())
        .On(c => c.Argv[0] == "ping", _ => FakeNodeShell.Ok("2 packets transmitted, 2 received"))
        .On(c => c.Argv is ["sh", "-c", TrafficCheckEvaluator.CollectScript, ..],
            _ => FakeNodeShell.Ok(capture is null ? "" : Convert.ToBase64String(capture), "2 packets captured"))
        .On(c => c.Argv is ["sh", "-c", TrafficCheckEvaluator.CleanupScript, ..], _ => FakeNodeShell.Ok());

    [Fact]
    public async Task EvaluateAsync_MatchingPacketCaptured_PassesAfterCaptureTriggerCollect()
    {
        var shell = Shell(Pcap(ArpRequest, Ping));

        var result = await _evaluator.EvaluateAsync(Check(netns: "blue"), Context(shell), default);

        Assert.True(result.Passed, result.Message);
        Assert.StartsWith("Seen on eth0 in namespace blue on host1: IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo request", result.Message);
        Assert.Equal(3, shell.Calls.Count);
        var (start, trigger, collect) = (shell.Calls[0], shell.Calls[1], shell.Calls[2]);
        Assert.Equal("blue", start.Netns);
        Assert.Equal("eth0", start.Argv[4]);
        Assert.Matches(new Regex("^/tmp/\\.na-check-[0-9a-f]{16}\\.pcap$"), start.Argv[5]);
        Assert.Equal(["2", "200", "512"], start.Argv[6..9]);
        Assert.Equal(new NodeName("host2"), trigger.Node);
        Assert.Equal("red", trigger.Netns);
        Assert.Equal(start.Argv[5], collect.Argv[4]);
        Assert.Equal(["ping", "-p", "4e412d70726f6265", "-c", "2", "172.20.0.3"], trigger.Argv);
    }

    [Fact]
    public async Task EvaluateAsync_CaptureTimeFactor_LengthensCaptureAndTriggerLimit()
    {
        var shell = Shell(Pcap(Ping));
        var evaluator = new TrafficCheckEvaluator(new GradingOptions { CaptureTimeFactor = 3 });

        var result = await evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.True(result.Passed, result.Message);
        var (start, trigger) = (shell.Calls[0], shell.Calls[1]);
        Assert.Equal("6", start.Argv[6]);
        Assert.Equal(TimeSpan.FromSeconds(8), trigger.Timeout);
    }

    [Fact]
    public async Task EvaluateAsync_OnlyOtherPackets_FailsShowingWhatWentBy()
    {
        var shell = Shell(Pcap(ArpRequest));

        var result = await _evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.False(result.Passed);
        Assert.StartsWith("No packet matching \"IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo-request\" was seen on eth0 on host1 within 2 s; 1 other packet(s) went by, e.g. Ethernet", result.Message);
        Assert.Contains("ARP", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_NothingCaptured_SaysNoPacketsAtAll()
    {
        var result = await _evaluator.EvaluateAsync(Check(), Context(Shell(null)), default);

        Assert.Equal("No packet matching \"IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo-request\" was seen on eth0 on host1 within 2 s; no packets at all went by.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_ForbiddenPacketSeen_Fails()
    {
        var result = await _evaluator.EvaluateAsync(Check(expectSeen: false), Context(Shell(Pcap(Ping))), default);

        Assert.False(result.Passed);
        Assert.StartsWith("A packet matching \"IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo-request\" was seen on eth0 on host1, but none should get there: ", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_ForbiddenPacketNotSeen_Passes()
    {
        var result = await _evaluator.EvaluateAsync(Check(expectSeen: false), Context(Shell(Pcap(ArpRequest))), default);

        Assert.True(result.Passed, result.Message);
    }

    [Theory]
    [InlineData("nsenter: cannot open /run/netns/red: No such file or directory\n")]
    [InlineData("Cannot open network namespace \"red\": No such file or directory\n")]
    public async Task EvaluateAsync_NamespaceMissing_FailsWithoutErroring(string stderr)
    {
        var shell = Shell(null, FakeNodeShell.Exit(1, "", stderr));

        var result = await _evaluator.EvaluateAsync(Check(netns: "red"), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("There is no namespace red on host1.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_InterfaceMissing_FailsAndCleansUp()
    {
        var shell = Shell(null, FakeNodeShell.Exit(3, "", "tcpdump: vxlan0: No such device exists\n(No such device exists)\n"));

        var result = await _evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("There is no interface eth0 on host1 to capture on.", result.Message);
        Assert.Equal(TrafficCheckEvaluator.CleanupScript, shell.Calls[^1].Argv[2]);
        Assert.Equal(shell.Calls[0].Argv[5], shell.Calls[^1].Argv[4]);
        Assert.DoesNotContain(shell.Calls, c => c.Argv[0] == "ping");
    }

    [Fact]
    public async Task EvaluateAsync_InvalidPattern_IsAnErrorAndRunsNothing()
    {
        var shell = Shell(null);

        var result = await _evaluator.EvaluateAsync(Check(pattern: "ICMP echo"), Context(shell), default);

        Assert.True(result.Errored);
        Assert.Empty(shell.Calls);
    }

    [Fact]
    public async Task EvaluateAsync_GarbageInsteadOfCapture_IsAnError()
    {
        var shell = Shell(null).On(c => c.Argv is ["sh", "-c", TrafficCheckEvaluator.CollectScript, ..], _ => FakeNodeShell.Ok("not base64!"));

        var result = await _evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.True(result.Errored);
    }
}
