using NetAcademy.Core.Graph;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Grading.Testing;
using NetAcademy.Grading.Tests.Support;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Testing;

/// <summary>
/// The runner over a fake runtime whose shell keeps a set of "files": a solution step <c>touch NAME</c> adds one,
/// a check <c>test -e NAME</c> passes when it is there. Real containers are in the integration tests.
/// </summary>
public sealed class LabTestRunnerTests
{
    private readonly HashSet<string> _files = [];
    private readonly FakeNodeShell _shell;
    private readonly FakeLabRuntime _runtime;
    private readonly StringWriter _progress = new();

    public LabTestRunnerTests()
    {
        _shell = new FakeNodeShell()
            .On(c => c.Argv is ["test", "-e", _], c => _files.Contains(c.Argv[2]) ? FakeNodeShell.Ok() : FakeNodeShell.Exit(1))
            .On(c => c.Argv is ["sh", "-e", "-c", _], c =>
            {
                var script = c.Argv[3].Trim();
                if (script.StartsWith("touch ", StringComparison.Ordinal))
                {
                    _files.Add(script["touch ".Length..]);
                    return FakeNodeShell.Ok();
                }

                return FakeNodeShell.Exit(2, "", $"sh: 1: {script}: not found");
            });
        _runtime = new FakeLabRuntime(_shell);
    }

    private LabTestRunner Runner(Func<Lab, string?>? cannotRun = null) => new(
        _runtime, new TaskGrader(CheckRegistry.CreateDefault(new GradingOptions(), NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures())),
        (_, _) => _ => Task.FromResult(InterfaceGraph.Empty), cannotRun ?? (_ => null));

    private static LabTask Touching(string id, string file, string[]? needs = null, string? script = null) =>
        MakeTask(id, [MakeCommand(["test", "-e", file])], needs, new SolutionStep(Host1, script ?? $"touch {file}"));

    [Fact]
    public async Task RunLabAsync_GoodLab_FailsBeforeAndPassesAfterInNeedsOrder()
    {
        var lab = Lab(Touching("second", "b", ["first"]), Touching("first", "a"));

        var result = await Runner().RunLabAsync(lab, _progress, default);

        Assert.True(result.Passed, _progress.ToString());
        Assert.Equal(
            ["starts", "second fails before solution", "first fails before solution", "first passes after solution", "second passes after solution"],
            result.Cases.Select(c => c.Name));
        Assert.All(result.Cases, c => Assert.Equal(LabTestOutcome.Passed, c.Outcome));
        Assert.Equal(LabTestRunner.User, Assert.Single(_runtime.Started).User);
        Assert.Equal(_runtime.Started[0].Session, Assert.Single(_runtime.Stopped));
        Assert.Contains("unit-lab: ok   first passes after solution", _progress.ToString());
    }

    [Fact]
    public async Task RunLabAsync_CheckAlreadyPassesOnFreshLab_ReportsAuthoringBug()
    {
        _files.Add("a");
        var lab = Lab(Touching("first", "a"));

        var result = await Runner().RunLabAsync(lab, _progress, default);

        var before = result.Cases.Single(c => c.Name == "first fails before solution");
        Assert.Equal(LabTestOutcome.Failed, before.Outcome);
        Assert.StartsWith("Check 1 (command on host1) already passes on the fresh lab: `test -e a` on host1 exited with code 0.", before.Message);
        Assert.False(result.Passed);
    }

    [Fact]
    public async Task RunLabAsync_SolutionStepFails_ReportsStepAndOutput()
    {
        var lab = Lab(Touching("first", "a", script: "frobnicate"));

        var result = await Runner().RunLabAsync(lab, _progress, default);

        var after = result.Cases.Single(c => c.Name == "first passes after solution");
        Assert.Equal(LabTestOutcome.Failed, after.Outcome);
        Assert.Equal("Solution step 1 on host1 exited with code 2: sh: 1: frobnicate: not found", after.Message);
        Assert.Single(_runtime.Stopped);
    }

    [Fact]
    public async Task RunLabAsync_SolutionDoesNotSatisfyChecks_ReportsFailingCheck()
    {
        var lab = Lab(MakeTask("first", [MakeCommand(["test", "-e", "a"], failMessage: "There is no a yet.")], null, new SolutionStep(Host1, "touch b")));

        var result = await Runner().RunLabAsync(lab, _progress, default);

        Assert.Equal("Check 1 (command on host1) fails after the solution: There is no a yet.", result.Cases.Single(c => c.Name == "first passes after solution").Message);
    }

    [Fact]
    public async Task RunLabAsync_StartFails_TasksSkippedAndSessionStillStopped()
    {
        _runtime.StartFailure = new LabStartException("setup:host1:setup.sh", "The setup script failed.", "line 3: oops");
        var lab = Lab(Touching("first", "a"));

        var result = await Runner().RunLabAsync(lab, _progress, default);

        var starts = result.Cases[0];
        Assert.Equal(LabTestOutcome.Failed, starts.Outcome);
        Assert.Equal("step setup:host1:setup.sh: The setup script failed.", starts.Message);
        Assert.Equal("line 3: oops", starts.Detail);
        Assert.Contains("| line 3: oops", _progress.ToString(), StringComparison.Ordinal);
        Assert.All(result.Cases.Skip(1), c => Assert.Equal(LabTestOutcome.Skipped, c.Outcome));
        Assert.Single(_runtime.Stopped);
    }

    [Fact]
    public async Task RunLabAsync_StartFailsWithLongOutput_PrintsItsLastTwentyLines()
    {
        var output = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"output line {i}"));
        _runtime.StartFailure = new LabStartException("setup:host1:setup.sh", "The setup script failed.", output);

        await Runner().RunLabAsync(Lab(Touching("first", "a")), _progress, default);

        var printed = _progress.ToString();
        Assert.Contains("| (10 earlier line(s) are in the JUnit file)", printed, StringComparison.Ordinal);
        Assert.Contains("| output line 11\n", printed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("| output line 30", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("output line 10\n", printed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunLabAsync_HostCannotRunLab_SkipsWithoutStarting()
    {
        var lab = Lab(Touching("first", "a"));

        var result = await Runner(_ => "the host kernel has no vxlan support").RunLabAsync(lab, _progress, default);

        Assert.Equal("the host kernel has no vxlan support", result.SkippedReason);
        Assert.All(result.Cases, c => Assert.Equal(LabTestOutcome.Skipped, c.Outcome));
        Assert.Empty(_runtime.Started);
        Assert.True(result.Passed);
    }

    [Fact]
    public async Task RunLabAsync_Cancelled_StillStopsTheSession()
    {
        using var cts = new CancellationTokenSource();
        _shell.On(c => c.Argv is ["test", ..], _ =>
        {
            cts.Cancel();
            cts.Token.ThrowIfCancellationRequested();
            return FakeNodeShell.Ok();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner().RunLabAsync(Lab(Touching("first", "a")), _progress, cts.Token));

        Assert.Single(_runtime.Stopped);
    }

    [Fact]
    public async Task RunAsync_SeveralLabs_WritesSummary()
    {
        var results = await Runner().RunAsync([Lab(Touching("first", "a")), Lab(Touching("first", "a"))], _progress, default);

        Assert.Equal(2, results.Count);
        Assert.Contains("2 lab(s): 1 passed, 1 failed, 0 skipped; 1 failing case(s).", _progress.ToString());
    }
}
