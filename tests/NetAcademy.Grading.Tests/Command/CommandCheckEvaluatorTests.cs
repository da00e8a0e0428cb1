using NetAcademy.Grading.Command;
using NetAcademy.Grading.Tests.Support;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Command;

public sealed class CommandCheckEvaluatorTests
{
    private readonly CommandCheckEvaluator _evaluator = new(new GradingOptions { CommandTimeout = TimeSpan.FromSeconds(7) });

    [Fact]
    public async Task EvaluateAsync_NamespaceMissing_SaysSoEvenWhenAFailingExitWasExpected()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.NoNetns("red"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ping", "-c1", "10.0.0.2"], netns: "red", exitCode: 1), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("There is no namespace red on host1.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_ExitCodeAndStdoutMatch_Passes()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Ok("blue (id: 1)\nred (id: 0)\n"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"], stdout: "(?m)^red\\b"), Context(shell), default);

        Assert.True(result.Passed, result.Message);
        var call = Assert.Single(shell.Calls);
        Assert.Equal(["ip", "netns", "list"], call.Argv);
        Assert.Equal(TimeSpan.FromSeconds(7), call.Timeout);
        Assert.Null(call.Netns);
    }

    [Fact]
    public async Task EvaluateAsync_Netns_RunsInNamespace()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Ok());

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ping", "-c1", "10.0.0.2"], netns: "red"), Context(shell), default);

        Assert.True(result.Passed);
        Assert.Equal("red", shell.Calls.Single().Netns);
    }

    [Fact]
    public async Task EvaluateAsync_WrongExitCodeWithFailMessage_UsesAuthorsMessage()
    {
        var shell = new FakeNodeShell().On("ping", FakeNodeShell.Exit(1, "1 packets transmitted, 0 received, 100% packet loss"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ping", "-c1", "10.0.0.2"], failMessage: "red cannot ping 10.0.0.2 yet."), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("red cannot ping 10.0.0.2 yet.", result.Message);
        Assert.Contains("100% packet loss", result.Detail);
    }

    [Fact]
    public async Task EvaluateAsync_WrongExitCodeWithoutFailMessage_NamesCommandCodeAndLastLines()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Exit(1, "", "line one\nline two\nline three\nCannot find device \"br0\"\n"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ip", "link", "show", "br0"]), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("`ip link show br0` on host1 exited with code 1, not 0; it printed: line two\nline three\nCannot find device \"br0\"", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_StdoutNotMatches_FailsQuotingTheLine()
    {
        var shell = new FakeNodeShell().On("iptables", FakeNodeShell.Ok("Chain INPUT (policy ACCEPT)\nDROP       icmp --  0.0.0.0/0  0.0.0.0/0\n"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["iptables", "-L", "INPUT", "-n"], stdoutNot: "(?m)^DROP\\s+icmp"), Context(shell), default);

        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Equal("The output of `iptables -L INPUT -n` on host1 still matches (?m)^DROP\\s+icmp, and it should not: DROP       icmp --  0.0.0.0/0  0.0.0.0/0", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_StdoutNotAbsent_Passes()
    {
        var shell = new FakeNodeShell().On("iptables", FakeNodeShell.Ok("Chain INPUT (policy ACCEPT)\n"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["iptables", "-L", "INPUT", "-n"], stdoutNot: "(?m)^DROP\\s+icmp"), Context(shell), default);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_FailMessagePlaceholders_AreFilledFromTheRun()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Exit(1, "", "Device \"br9\" does not exist.\n"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ip", "link", "show", "br9"], failMessage: "No br9 yet: {output} (exit {exit_code})."), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("No br9 yet: Device \"br9\" does not exist. (exit 1).", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_FailMessageOutput_IsClippedNodeOutput()
    {
        var shell = new FakeNodeShell().On("cat", FakeNodeShell.Exit(2, new string('x', 5000)));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["cat", "/f"], failMessage: "It printed {output}"), Context(shell), default);

        Assert.False(result.Passed);
        Assert.True(result.Message.Length < 700, result.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("…", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ExpectedNonZeroExit_Passes()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Exit(1));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ip", "link", "show", "br0"], exitCode: 1), Context(shell), default);

        Assert.True(result.Passed);
    }

    [Fact]
    public async Task EvaluateAsync_StdoutDoesNotMatch_SaysWhatWasPrinted()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Ok("blue (id: 1)\n"));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"], stdout: "(?m)^red\\b", netns: null), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("The output of `ip netns list` on host1 does not match (?m)^red\\b; it ends with: blue (id: 1)", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_NoOutputButPatternExpected_SaysNothingWasPrinted()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Ok());

        var result = await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"], stdout: "red"), Context(shell), default);

        Assert.Equal("`ip netns list` on host1 printed nothing, but its output should match red.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_TimedOut_SaysItDidNotFinish()
    {
        var shell = new FakeNodeShell().On("sleep", FakeNodeShell.Timeout());

        var result = await _evaluator.EvaluateAsync(MakeCommand(["sleep", "60"], netns: "red"), Context(shell), default);

        Assert.False(result.Passed);
        Assert.Equal("`sleep 60` in namespace red on host1 did not finish within 7 s.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_CatastrophicPattern_IsAnErrorNotAFailure()
    {
        var evaluator = new CommandCheckEvaluator(new GradingOptions { PatternMatchTimeout = TimeSpan.FromMilliseconds(10) });
        var shell = new FakeNodeShell().On("echo", FakeNodeShell.Ok(new string('a', 5000) + "!"));

        var result = await evaluator.EvaluateAsync(MakeCommand(["echo"], stdout: "^(a+)+$"), Context(shell), default);

        Assert.False(result.Passed);
        Assert.True(result.Errored);
        Assert.Contains("problem with the lab", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_ArgumentWithSpaces_IsQuotedInMessage()
    {
        var shell = new FakeNodeShell().On("sh", FakeNodeShell.Exit(2));

        var result = await _evaluator.EvaluateAsync(MakeCommand(["sh", "-c", "exit 2"]), Context(shell), default);

        Assert.Equal("`sh -c 'exit 2'` on host1 exited with code 2, not 0.", result.Message);
    }

    [Fact]
    public async Task EvaluateAsync_OtherKind_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _evaluator.EvaluateAsync(MakeState("eth0"), Context(new FakeNodeShell()), default));
    }
}
