using NetAcademy.Grading.Command;
using NetAcademy.Grading.Tests.Support;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Checks;

public sealed class GradingContextTests
{
    private readonly CommandCheckEvaluator _evaluator = new(new GradingOptions { CommandTimeout = TimeSpan.FromSeconds(7) });

    [Fact]
    public async Task ReadAsync_TwoChecksOfOneListing_RunItOnceAndJudgeEachOnItsOwnPattern()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Ok("red (id: 0)\n"));
        var context = Context(shell);

        var red = await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"], stdout: "(?m)^red\\b"), context, default);
        var blue = await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"], stdout: "(?m)^blue\\b", failMessage: "no blue"), context, default);

        Assert.True(red.Passed, red.Message);
        Assert.False(blue.Passed);
        Assert.Equal("no blue", blue.Message);
        Assert.Single(shell.Calls);
    }

    [Fact]
    public async Task ReadAsync_OtherNamespaceOrArguments_RunSeparately()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Ok());
        var context = Context(shell);

        await _evaluator.EvaluateAsync(MakeCommand(["ip", "link"]), context, default);
        await _evaluator.EvaluateAsync(MakeCommand(["ip", "link"], netns: "red"), context, default);
        await _evaluator.EvaluateAsync(MakeCommand(["ip", "addr"]), context, default);
        // "ip link" + "show" is not "ip" + "link show": arguments are compared one by one.
        await _evaluator.EvaluateAsync(MakeCommand(["ip", "link", "show"]), context, default);
        await _evaluator.EvaluateAsync(MakeCommand(["ip", "link show"]), context, default);

        Assert.Equal(5, shell.Calls.Count);
    }

    [Fact]
    public async Task ReadAsync_AfterACheckActsThroughTheShell_RunsAgain()
    {
        var listings = new Queue<string>(["", "red (id: 0)\n"]);
        var shell = new FakeNodeShell()
            .On(c => c.Argv[0] == "ip", _ => FakeNodeShell.Ok(listings.Dequeue()))
            .On("ping", FakeNodeShell.Ok());
        var context = Context(shell);

        var before = await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"], stdout: "red"), context, default);
        await context.Shell.RunAsync(Host1, ["ping", "-c1", "10.0.0.2"], null, TimeSpan.FromSeconds(5), default);
        var after = await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"], stdout: "red"), context, default);

        Assert.False(before.Passed);
        Assert.True(after.Passed, after.Message);
        Assert.Equal(3, shell.Calls.Count);
    }

    [Fact]
    public async Task ReadAsync_NewContext_RunsAgain()
    {
        var shell = new FakeNodeShell().On("ip", FakeNodeShell.Ok("red\n"));

        await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"]), Context(shell), default);
        await _evaluator.EvaluateAsync(MakeCommand(["ip", "netns", "list"]), Context(shell), default);

        Assert.Equal(2, shell.Calls.Count);
    }
}
