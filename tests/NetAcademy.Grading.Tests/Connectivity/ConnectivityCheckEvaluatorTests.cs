using NetAcademy.Core.Labs;
using NetAcademy.Grading.Connectivity;
using NetAcademy.Grading.Tests.Support;
using NetAcademy.Packets.Probes;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Connectivity;

public sealed class ConnectivityCheckEvaluatorTests
{
    private static readonly ProbeSignature Signature = new("NA-probe"u8, 61440);
    private readonly ConnectivityCheckEvaluator _evaluator = new(new GradingOptions(), Signature);

    private static ConnectivityCheck Probe(ConnectivityProtocol protocol, bool expectSuccess = true, int? port = null, string? netns = "red") =>
        new(Host1, netns, null, "10.0.0.2", protocol, port, expectSuccess);

    [Fact]
    public async Task EvaluateAsync_ExpectFailureButNamespaceMissing_FailsInsteadOfPassing()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.NoNetns("red"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping, expectSuccess: false), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("There is no namespace red on host1.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_PingAnswers_PassesAndUsesThreeProbes()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Ok("2 packets transmitted, 2 received, 0% packet loss"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping), Context(shell), default);

        Assert.True(result.Passed);
        Assert.Equal("red on host1 can ping 10.0.0.2.", result.Message);
        var call = shell.Calls.Single();
        Assert.Equal(["ping", "-c", "3", "-i", "0.3", "-W", "2", "-p", "4e412d70726f6265", "10.0.0.2"], call.Argv);
        Assert.Equal("red", call.Netns);
    }

    [Fact]
    public async Task EvaluateAsync_PingLost_SaysPacketLoss()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Exit(1, "--- 10.0.0.2 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1010ms\n"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("red on host1 cannot ping 10.0.0.2 (100% packet loss).", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_PingUnreachable_SaysWhy()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Exit(1,
            "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n2 packets transmitted, 0 received, +2 errors, 100% packet loss\n"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping, netns: null), Context(shell), default);

        Assert.Equal("host1 cannot ping 10.0.0.2 (100% packet loss: Destination Host Unreachable).", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_PingNoRoute_UsesPingsError()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Exit(2, "", "ping: connect: Network is unreachable\n"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping), Context(shell), default);

        Assert.Equal("red on host1 cannot ping 10.0.0.2 (connect: Network is unreachable).", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_PingAnswersButMustBeBlocked_Fails()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Ok());

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping, expectSuccess: false), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("red on host1 can still ping 10.0.0.2, but that should be blocked.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_PingBlockedAsRequired_Passes()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Exit(1, "2 packets transmitted, 0 received, 100% packet loss"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping, expectSuccess: false), Context(shell), default);

        Assert.True(result.Passed);
        Assert.Equal("red on host1 cannot ping 10.0.0.2, as required.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_TcpRefused_SaysConnectionRefused()
    {
        var shell = new FakeNodeShell().On("nc", FakeNodeShell.Exit(1, "", "nc: connect to 10.0.0.2 port 80 (tcp) failed: Connection refused\n"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Tcp, port: 80), Context(shell), default);

        Assert.Equal("red on host1 cannot open a TCP connection to 10.0.0.2 port 80 (Connection refused).", result.Message);
        var argv = shell.Calls.Single().Argv;
        Assert.Equal(["nc", "-z", "-v", "-w", "2", "-p"], argv[..6]);
        Assert.True(Signature.IsProbePort(int.Parse(argv[6], System.Globalization.CultureInfo.InvariantCulture)), argv[6]);
        Assert.Equal(["10.0.0.2", "80"], argv[7..]);
    }

    [Fact]
    public async Task EvaluateAsync_TaggedSourcePortTaken_TriesAnotherThenGoesUntagged()
    {
        var shell = new FakeNodeShell()
            .On(c => c.Argv.Contains("-p"), _ => FakeNodeShell.Exit(1, "", "nc: bind failed: Address already in use\n"))
            .On(c => !c.Argv.Contains("-p"), _ => FakeNodeShell.Ok("", "Connection to 10.0.0.2 80 port [tcp/http] succeeded!\n"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Tcp, port: 80), Context(shell), default);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(3, shell.Calls.Count);
        Assert.All(shell.Calls.Take(2), c => Assert.Contains("-p", c.Argv));
        Assert.Equal(["nc", "-z", "-v", "-w", "2", "10.0.0.2", "80"], shell.Calls[2].Argv);
    }

    [Fact]
    public async Task EvaluateAsync_TcpRefusedWithTaggedPort_DoesNotRetry()
    {
        var shell = new FakeNodeShell().On("nc", FakeNodeShell.Exit(1, "", "nc: connect to 10.0.0.2 port 80 (tcp) failed: Connection refused\n"));

        await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Tcp, port: 80), Context(shell), default);

        Assert.Single(shell.Calls);
    }

    [Fact]
    public async Task EvaluateAsync_TcpConnects_Passes()
    {
        var shell = new FakeNodeShell().On("nc", FakeNodeShell.Ok());

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Tcp, port: 80), Context(shell), default);

        Assert.True(result.Passed);
    }

    [Fact]
    public async Task EvaluateAsync_UdpEchoReturnsToken_PassesAndPassesDataAsArguments()
    {
        var shell = new FakeNodeShell().On(c => c.Argv[0] == "sh", c => FakeNodeShell.Ok(c.Argv[^1] + "\n"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Udp, port: 7), Context(shell), default);

        Assert.True(result.Passed, result.Message);
        var argv = shell.Calls.Single().Argv;
        Assert.Equal(["sh", "-c", ConnectivityCheckEvaluator.UdpEchoScript, "sh", "10.0.0.2", "7"], argv[..6]);
        Assert.StartsWith("4e412d70726f6265-", argv[6]);
        Assert.DoesNotContain("10.0.0.2", argv[2]);
    }

    [Fact]
    public async Task EvaluateAsync_UdpNothingBack_SaysNothingCameBack()
    {
        var shell = new FakeNodeShell().On("sh", FakeNodeShell.Ok());

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Udp, port: 7), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("red on host1 cannot get a UDP echo back from 10.0.0.2 port 7 (nothing came back within 2 s).", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_ProbeTimesOut_SaysNoAnswer()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Timeout());

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Ping), Context(shell), default);

        Assert.Equal("red on host1 cannot ping 10.0.0.2 (no answer within 10 s).", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_ProbeNotInstalled_IsAnError()
    {
        var shell = new FakeNodeShell().On("nc", FakeNodeShell.Exit(127, "", "exec: nc: not found"));

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Tcp, port: 80), Context(shell), default);

        Assert.True(result.Errored);
    }

    [Fact]
    public async Task EvaluateAsync_TcpWithoutPort_IsAnErrorAndRunsNothing()
    {
        var shell = new FakeNodeShell();

        var result = await _evaluator.EvaluateAsync(Probe(ConnectivityProtocol.Tcp, port: null), Context(shell), default);

        Assert.True(result.Errored);
        Assert.Empty(shell.Calls);
    }
}
