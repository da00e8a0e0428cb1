using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Grading.Tests.Support;
using static NetAcademy.Grading.Tests.Support.TestData;

namespace NetAcademy.Grading.Tests.Tasks;

public sealed class TaskGraderTests
{
    private readonly TaskGrader _grader = new(CheckRegistry.CreateDefault(new GradingOptions(), NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures()));

    [Fact]
    public async Task GradeAsync_AllChecksPass_TaskPasses()
    {
        var shell = new FakeNodeShell().On("true", FakeNodeShell.Ok());
        var task = MakeTask("t", [MakeCommand(["true"]), MakeCommand(["true"])]);

        var grade = await _grader.GradeAsync(task, Context(shell), default);

        Assert.True(grade.Passed);
        Assert.Equal([0, 1], grade.Checks.Select(c => c.Index));
    }

    [Fact]
    public async Task GradeAsync_OneCheckFails_TaskFailsButEveryCheckIsEvaluated()
    {
        var shell = new FakeNodeShell().On("true", FakeNodeShell.Ok()).On("false", FakeNodeShell.Exit(1));
        var task = MakeTask("t", [MakeCommand(["false"], failMessage: "first is wrong"), MakeCommand(["true"])]);

        var grade = await _grader.GradeAsync(task, Context(shell), default);

        Assert.False(grade.Passed);
        Assert.Equal(2, shell.Calls.Count);
        Assert.Equal("first is wrong", Assert.Single(grade.Failures).Result.Message);
    }

    [Fact]
    public async Task GradeAsync_CheckThrows_BecomesErroredResult()
    {
        var shell = new FakeNodeShell().On(_ => true, _ => throw new ArgumentException("Node 'host9' is not part of this session."));

        var grade = await _grader.GradeAsync(MakeTask("t", [MakeCommand(["true"])]), Context(shell), default);

        var result = Assert.Single(grade.Checks).Result;
        Assert.True(result.Errored);
        Assert.Contains("host9", result.Message);
    }

    [Fact]
    public async Task GradeAsync_UnknownKind_BecomesErroredResult()
    {
        var grader = new TaskGrader(new CheckRegistry([]));

        var grade = await grader.GradeAsync(MakeTask("t", [MakeCommand(["true"])]), Context(new FakeNodeShell()), default);

        Assert.Contains("No evaluator is registered for check kind 'command'", grade.Checks[0].Result.Message);
    }

    [Fact]
    public async Task GradeAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _grader.GradeAsync(MakeTask("t", [MakeCommand(["true"])]), Context(new FakeNodeShell()), cts.Token));
    }

    [Theory]
    [InlineData("a", "", LabTaskStatus.Open)]
    [InlineData("a", "a", LabTaskStatus.Done)]
    [InlineData("b", "", LabTaskStatus.Locked)]
    [InlineData("b", "a", LabTaskStatus.Open)]
    [InlineData("c", "a", LabTaskStatus.Locked)]
    [InlineData("c", "a,b", LabTaskStatus.Open)]
    [InlineData("c", "b,c", LabTaskStatus.Done)]
    public void StatusOf_NeedsAndDone_GiveStatus(string task, string done, LabTaskStatus expected)
    {
        var lab = ChainLab();
        var doneSet = done.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => new TaskId(d)).ToHashSet();

        Assert.Equal(expected, TaskGrader.StatusOf(lab.FindTask(new TaskId(task))!, doneSet));
    }

    [Fact]
    public void Statuses_Lab_GivesEveryTask()
    {
        var statuses = TaskGrader.Statuses(ChainLab(), new HashSet<TaskId> { new("a") });

        Assert.Equal([LabTaskStatus.Done, LabTaskStatus.Open, LabTaskStatus.Locked], statuses.Values);
    }

    [Fact]
    public void InNeedsOrder_TasksListedBeforeTheirNeeds_AreReordered()
    {
        var lab = Lab(
            MakeTask("c", [MakeCommand(["true"])], ["a", "b"]),
            MakeTask("b", [MakeCommand(["true"])], ["a"]),
            MakeTask("a", [MakeCommand(["true"])]),
            MakeTask("d", [MakeCommand(["true"])]));

        Assert.Equal(["a", "b", "c", "d"], TaskGrader.InNeedsOrder(lab).Select(t => t.Id.Value));
    }

    [Fact]
    public void InNeedsOrder_Cycle_Throws()
    {
        var lab = Lab(MakeTask("a", [MakeCommand(["true"])], ["b"]), MakeTask("b", [MakeCommand(["true"])], ["a"]));

        var error = Assert.Throws<ArgumentException>(() => TaskGrader.InNeedsOrder(lab));
        Assert.Contains("cycle", error.Message);
    }

    [Fact]
    public void CheckRegistry_DuplicateKind_Throws()
    {
        var options = new GradingOptions();
        Assert.Throws<ArgumentException>(() => new CheckRegistry([new NetAcademy.Grading.Command.CommandCheckEvaluator(options), new NetAcademy.Grading.Command.CommandCheckEvaluator(options)]));
    }

    [Fact]
    public void CheckRegistry_Default_HasTheFiveKinds()
    {
        Assert.Equal(["command", "connectivity", "state", "trace", "traffic"], CheckRegistry.CreateDefault(new GradingOptions(), NetAcademy.Grading.Tests.Traffic.TrafficCheckEvaluatorTests.Captures()).Kinds);
    }

    private static Lab ChainLab() => Lab(
        MakeTask("a", [MakeCommand(["true"])]),
        MakeTask("b", [MakeCommand(["true"])], ["a"]),
        MakeTask("c", [MakeCommand(["true"])], ["a", "b"]));
}
