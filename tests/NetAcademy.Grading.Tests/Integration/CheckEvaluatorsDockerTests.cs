using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Command;
using NetAcademy.Grading.Connectivity;
using NetAcademy.Grading.State;
using NetAcademy.Grading.Traffic;

namespace NetAcademy.Grading.Tests.Integration;

/// <summary>Every check kind evaluated for real in a running two-node lab (a = .2 on underlay0, b = .3 on eth0).</summary>
[Collection(DockerCollection.Name)]
public sealed class CheckEvaluatorsDockerTests(GradingDockerFixture lab)
{
    private static readonly NodeName A = new("a");
    private static readonly NodeName B = new("b");
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private readonly GradingOptions _options = new();

    private GradingContext Context() => new(lab.Lab, lab.Shell, lab.GraphProvider(lab.Session, lab.Lab));

    private async Task RunAsync(NodeName node, params string[] argv)
    {
        var result = await lab.Shell.RunAsync(node, argv, null, Long, default);
        Assert.True(result.ExitCode == 0, $"`{string.Join(' ', argv)}` on {node} failed: {result.Stdout}{result.Stderr}");
    }

    [Fact]
    public async Task Command_RealExec_PassesAndFailsWithGeneratedMessage()
    {
        var evaluator = new CommandCheckEvaluator(_options);

        var pass = await evaluator.EvaluateAsync(new CommandCheck(A, null, null, ["cat", "/etc/hostname"], 0, "(?m)^a$", null), Context(), default);
        var fail = await evaluator.EvaluateAsync(new CommandCheck(A, null, null, ["ls", "/nonexistent"], 0, null, null), Context(), default);

        Assert.True(pass.Passed, pass.Message);
        Assert.False(fail.Passed);
        Assert.StartsWith("`ls /nonexistent` on a exited with code 2, not 0; it printed: ", fail.Message);
        Assert.Contains("No such file or directory", fail.Message);
    }

    [Fact]
    public async Task Command_OutputWithoutEnd_FailsSayingTheOutputExceededTheBound()
    {
        var evaluator = new CommandCheckEvaluator(_options);

        var result = await evaluator.EvaluateAsync(new CommandCheck(A, null, null, ["yes"], 0, null, "Print y."), Context(), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        // The bound's reason, not the author's message or a timeout after CommandTimeout.
        Assert.Equal("`yes` on a printed more than 1 MiB (output exceeded 1 MiB); the check stopped reading it and does not pass.", result.Message);
        Assert.True(result.Detail!.Length < 10_000, $"detail of {result.Detail.Length} characters");
    }

    [Fact]
    public async Task Connectivity_Ping_SucceedsThenFailsAfterIptablesDrop()
    {
        var evaluator = new ConnectivityCheckEvaluator(_options);
        var probe = new ConnectivityCheck(A, null, null, lab.AddressB, ConnectivityProtocol.Ping, null, true);

        var before = await evaluator.EvaluateAsync(probe, Context(), default);
        await RunAsync(B, "iptables", "-I", "INPUT", "-p", "icmp", "-j", "DROP");
        try
        {
            var blocked = await evaluator.EvaluateAsync(probe, Context(), default);
            var mustBeBlocked = await evaluator.EvaluateAsync(probe with { ExpectSuccess = false }, Context(), default);

            Assert.True(before.Passed, before.Message);
            Assert.False(blocked.Passed);
            Assert.Equal($"a cannot ping {lab.AddressB} (100% packet loss).", blocked.Message);
            Assert.True(mustBeBlocked.Passed, mustBeBlocked.Message);
        }
        finally
        {
            await RunAsync(B, "iptables", "-D", "INPUT", "-p", "icmp", "-j", "DROP");
        }
    }

    [Fact]
    public async Task Connectivity_TcpAndUdp_AgainstSocatServers()
    {
        await RunAsync(B, "sh", "-c", "socat TCP-LISTEN:8080,fork,reuseaddr EXEC:cat </dev/null >/dev/null 2>&1 & socat UDP-RECVFROM:7007,fork EXEC:cat </dev/null >/dev/null 2>&1 & sleep 0.5");
        var evaluator = new ConnectivityCheckEvaluator(_options);

        var tcp = await evaluator.EvaluateAsync(new ConnectivityCheck(A, null, null, lab.AddressB, ConnectivityProtocol.Tcp, 8080, true), Context(), default);
        var closed = await evaluator.EvaluateAsync(new ConnectivityCheck(A, null, null, lab.AddressB, ConnectivityProtocol.Tcp, 8081, true), Context(), default);
        var udp = await evaluator.EvaluateAsync(new ConnectivityCheck(A, null, null, lab.AddressB, ConnectivityProtocol.Udp, 7007, true), Context(), default);
        var noEcho = await evaluator.EvaluateAsync(new ConnectivityCheck(A, null, null, lab.AddressB, ConnectivityProtocol.Udp, 7008, true), Context(), default);

        Assert.True(tcp.Passed, tcp.Message);
        Assert.Equal($"a cannot open a TCP connection to {lab.AddressB} port 8081 (Connection refused).", closed.Message);
        Assert.True(udp.Passed, udp.Message + udp.Detail);
        Assert.False(noEcho.Passed);
    }

    [Fact]
    public async Task Traffic_PingFromAToB_SeenOnBsEth0()
    {
        var evaluator = new TrafficCheckEvaluator(_options, NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures());
        var trigger = new TrafficTrigger(A, null, ["ping", "-c", "2", "-i", "0.2", lab.AddressB]);
        var seen = new TrafficCheck(B, null, null, "eth0", $"IPv4 {lab.AddressA} > {lab.AddressB} / ICMP echo-request", trigger, 2, true);

        var result = await evaluator.EvaluateAsync(seen, Context(), default);
        var notVxlan = await evaluator.EvaluateAsync(seen with { Pattern = "UDP dport=4789 / VXLAN", ExpectSeen = false }, Context(), default);
        var wrongWay = await evaluator.EvaluateAsync(seen with { Pattern = $"IPv4 {lab.AddressB} > {lab.AddressA} / ICMP echo-request" }, Context(), default);
        // No capture program outlives its check (the table's path stops it by PID); allow it a moment to exit.
        var leftovers = await lab.Shell.RunAsync(B, ["sh", "-c",
            "for i in $(seq 50); do n=$(for p in /proc/[0-9]*; do cat $p/comm; done 2>/dev/null | grep -cx 'timeout\\|tcpdump\\|python3'); [ \"$n\" = 0 ] && break; sleep 0.1; done; echo $n"],
            null, Long, default);

        Assert.True(result.Passed, result.Message + "\n" + result.Detail);
        Assert.StartsWith($"Seen on eth0 on b: IPv4 {lab.AddressA} > {lab.AddressB} / ICMP echo request", result.Message);
        Assert.True(notVxlan.Passed, notVxlan.Message);
        Assert.False(wrongWay.Passed);
        Assert.Contains("other packet(s) went by", wrongWay.Message);
        Assert.Equal("0", leftovers.Stdout.Trim());
    }

    [Fact]
    public async Task Traffic_MissingInterface_FailsSayingSo()
    {
        var check = new TrafficCheck(B, null, null, "vxlan9", "ICMP", null, 1, true);

        var result = await new TrafficCheckEvaluator(_options, NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures()).EvaluateAsync(check, Context(), default);

        Assert.Equal("There is no interface vxlan9 on b to capture on.", result.Message);
    }

    [Fact]
    public async Task State_GraphFromRealDiscovery_PassesAndFails()
    {
        await RunAsync(A, "sh", "-c", "ip netns add red && ip link add v-host type veth peer name v-red && ip link set v-red netns red && ip link set v-host up");
        var evaluator = new StateCheckEvaluator();
        StateCheck State(string iface, string? netns = null, string? address = null, string? peer = null, string? state = null) =>
            new(A, netns, null, iface, null, state, null, address, peer, null, null, null, null, false);

        var address = await evaluator.EvaluateAsync(State("underlay0", address: lab.AddressA + "/24", state: "up"), Context(), default);
        var wrong = await evaluator.EvaluateAsync(State("underlay0", address: lab.Prefix + ".9/24"), Context(), default);
        var peer = await evaluator.EvaluateAsync(State("v-host", peer: "red") with { InterfaceKind = "veth" }, Context(), default);
        var wrongPeer = await evaluator.EvaluateAsync(State("v-red", netns: "red", peer: "blue"), Context(), default);
        var noCarrier = await evaluator.EvaluateAsync(State("v-host", state: "up"), Context(), default);

        Assert.True(address.Passed, address.Message);
        Assert.Equal($"underlay0 has {lab.AddressA}/24, not {lab.Prefix}.9/24.", wrong.Message);
        Assert.True(peer.Passed, peer.Message);
        Assert.Equal("The other end of v-red (v-host) is in the node's own namespace, not in namespace blue.", wrongPeer.Message);
        Assert.Equal("v-host is up, but has no carrier: the other end, v-red, is down.", noCarrier.Message);
    }
}
