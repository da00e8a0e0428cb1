using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Testing.Runtime;
using NetAcademy.Grading.Tests.Support;
using NetAcademy.Grading.Traffic;
using NetAcademy.Labs.Capture;
using static NetAcademy.Grading.Tests.Support.Frames;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Traffic;

/// <summary>
/// The evaluator over the packet table's own capture (<see cref="BoundedCaptures"/>, a real <see cref="CaptureSession"/>),
/// the node's capture program played by a scripted stream: what tcpdump would print and write.
/// </summary>
public sealed class TrafficCheckEvaluatorTests
{
    private static readonly byte[] Ping = EthernetIPv4(IPv4("172.20.0.2", "172.20.0.3", 1, Icmp(8)));
    private static readonly byte[] ArpRequest = Arp(1, "02:00:00:00:00:01", "172.20.0.2", "00:00:00:00:00:00", "172.20.0.3");
    private const string Listening = "tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 512 bytes\n";
    private readonly TrafficCheckEvaluator _evaluator = new(new GradingOptions(), Captures(), new NetAcademy.Packets.Probes.ProbeSignature("NA-probe"u8, 61440));

    /// <summary>The packet table's capture with its default bounds, as the server registers it.</summary>
    internal static BoundedCaptures Captures() =>
        new(Options.Create(new CaptureOptions()), TimeProvider.System, NullLogger<BoundedCaptures>.Instance);

    private static TrafficCheck Check(string pattern = "IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo-request", bool expectSeen = true, string? netns = null) =>
        new(Host1, netns, null, "eth0", pattern, new TrafficTrigger(new NodeName("host2"), "red", ["ping", "-c", "2", "172.20.0.3"]), 2, expectSeen);

    private static bool IsTcpdump(ShellCall call) => call.Argv.Contains("/usr/bin/tcpdump");

    /// <summary>tcpdump says it listens, writes <paramref name="capture"/> (a header only when null) and exits.</summary>
    private static FakeNodeShell Shell(byte[]? capture, string stderr = Listening) => new FakeNodeShell()
        .OnStart(IsTcpdump, _ => new FakeNodeProcess(
            [(NodeOutputStream.Stderr, Encoding.UTF8.GetBytes(stderr)), .. stderr == Listening ? [(NodeOutputStream.Stdout, capture ?? Pcap())] : Array.Empty<(NodeOutputStream, byte[])>()],
            keepsRunning: false))
        .On(c => c.Argv[0] == "ping", _ => FakeNodeShell.Ok("2 packets transmitted, 2 received"));

    [Fact]
    public async Task EvaluateAsync_MatchingPacketCaptured_PassesAfterCaptureAndTrigger()
    {
        var shell = Shell(Pcap(ArpRequest, Ping));

        var result = await _evaluator.EvaluateAsync(Check(netns: "blue"), Context(shell), default);

        Assert.True(result.Passed, result.Message);
        Assert.StartsWith("Seen on eth0 in namespace blue on host1: IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo request", result.Message);
        var (start, trigger) = (shell.Calls[0], shell.Calls[1]);
        // The packet table's program and argv: tcpdump in the namespace, snap length from the grading options.
        Assert.Equal(Host1, start.Node);
        Assert.Contains("--net=/run/netns/blue", start.Argv);
        Assert.Equal(["/usr/bin/tcpdump", "-Z", "root", "-U", "-w", "-", "-i", "eth0", "-s", "512"], start.Argv[^10..]);
        Assert.Equal(new NodeName("host2"), trigger.Node);
        Assert.Equal("red", trigger.Netns);
        Assert.Equal(["ping", "-p", "4e412d70726f6265", "-c", "2", "172.20.0.3"], trigger.Argv);
    }

    [Fact]
    public async Task EvaluateAsync_CaptureTimeFactor_LengthensCaptureAndTriggerLimit()
    {
        var shell = Shell(Pcap(Ping));
        var evaluator = new TrafficCheckEvaluator(new GradingOptions { CaptureTimeFactor = 3 }, Captures());

        var result = await evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.True(result.Passed, result.Message);
        var (start, trigger) = (shell.Calls[0], shell.Calls[1]);
        // The node's own timeout: the 6 s capture and its slack.
        Assert.Equal("11", start.Argv[start.Argv.ToList().IndexOf("TERM") + 1]);
        Assert.Equal(TimeSpan.FromSeconds(8), trigger.Timeout);
    }

    [Fact]
    public async Task EvaluateAsync_MorePacketsThanTheLimit_KeepsTheFirstAndSaysSo()
    {
        var shell = Shell(Pcap(ArpRequest, ArpRequest, Ping));
        var evaluator = new TrafficCheckEvaluator(new GradingOptions { MaxCapturePackets = 2 }, Captures());

        var result = await evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.False(result.Passed);
        Assert.StartsWith("No packet matching", result.Message);
        Assert.Contains("2 other packet(s) went by", result.Message);
        Assert.StartsWith("2 packet(s) captured, 0 matching \"IPv4 172.20.0.2 > 172.20.0.3 / ICMP echo-request\" (capture cut short)", result.Detail);
    }

    [Fact]
    public async Task EvaluateAsync_CaptureKeepsRunning_EndsAfterItsDuration()
    {
        var shell = new FakeNodeShell()
            .OnStart(IsTcpdump, _ => new FakeNodeProcess(
                [(NodeOutputStream.Stderr, Encoding.UTF8.GetBytes(Listening)), (NodeOutputStream.Stdout, Pcap(Ping))], keepsRunning: true))
            .On(c => c.Argv[0] == "ping", _ => FakeNodeShell.Ok());
        var check = Check() with { CaptureSeconds = 0.5 };

        var result = await _evaluator.EvaluateAsync(check, Context(shell), default);

        Assert.True(result.Passed, result.Message);
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

    [Fact]
    public async Task EvaluateAsync_NamespaceMissing_FailsWithoutErroring()
    {
        var shell = Shell(null, "nsenter: cannot open /run/netns/red: No such file or directory\n");

        var result = await _evaluator.EvaluateAsync(Check(netns: "red"), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("There is no namespace red on host1.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_InterfaceMissing_FailsWithoutTrigger()
    {
        var shell = Shell(null, "tcpdump: eth0: No such device exists\n(No such device exists)\n");

        var result = await _evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("There is no interface eth0 on host1 to capture on.", result.Message);
        Assert.DoesNotContain(shell.Calls, c => c.Argv[0] == "ping");
    }

    [Fact]
    public async Task EvaluateAsync_InterfaceDown_FailsSayingSo()
    {
        var shell = Shell(null, "tcpdump: eth0: That device is not up\n");

        var result = await _evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Contains("is down", result.Message);
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
        var shell = Shell("not a capture at all, but long enough to be read as one"u8.ToArray());

        var result = await _evaluator.EvaluateAsync(Check(), Context(shell), default);

        Assert.True(result.Errored, result.Message);
    }
}
