using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Labs;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Audit;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Grading;

/// <summary>
/// <see cref="LabGradingService"/> over a real session manager (with a runtime that starts at once), a scripted
/// shell and a real SQLite database for progress and audit.
/// </summary>
public sealed class LabGradingServiceTests : IAsyncLifetime
{
    private const string User = "ada";
    private const string MissingA = "There is no /tmp/a yet; create it with `touch /tmp/a`.";
    private static readonly ExecResult Yes = new(0, "", "", false);
    private static readonly ExecResult No = new(1, "", "", false);

    private readonly ScriptedShell _shell = new();
    private readonly CountingGraphSource _graphs = new();
    private readonly Lab _lab;
    private TestDatabase _db = null!;
    private SessionManager _sessions = null!;
    private LabGradingService _grading = null!;
    private ProgressStore _progress = null!;
    private AuditLog _audit = null!;

    public LabGradingServiceTests()
    {
        var host1 = new NodeName("host1");
        Check Exists(string path, string? fail) => new CommandCheck(host1, null, $"{path} exists.", ["test", "-e", path], 0, null, fail);
        _lab = new Lab(new LabId("unit-lab"), "Unit lab", "", [Node("host1")], [],
        [
            new LabTask(new TaskId("make-a"), "Make a", "Create `/tmp/a`.", [], [Exists("/tmp/a", MissingA)], ["`touch` creates files."], []),
            new LabTask(new TaskId("make-b"), "Make b", "Create `/tmp/b`.", [new TaskId("make-a")], [Exists("/tmp/b", null)], [], []),
            new LabTask(new TaskId("wire"), "Wire", "Make veth0.", [],
            [
                new StateCheck(host1, null, "veth0 exists.", "veth0", "veth", null, null, null, null, null, null, null, null, false),
                new StateCheck(host1, null, "veth0 is up.", "veth0", null, "up", null, null, null, null, null, null, null, false),
            ], [], []),
        ], [], LabLimits.Default, Path.GetTempPath());
        _shell.Answer("test -e /tmp/a", No);
        _shell.Answer("test -e /tmp/b", No);
    }

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync("sqlite");
        _progress = new ProgressStore(_db.Database, TimeProvider.System);
        _audit = new AuditLog(_db.Database, TimeProvider.System, NullLogger<AuditLog>.Instance);
        _sessions = new SessionManager(new InstantLabRuntime(_shell), new SingleLabDirectory(_lab), Options.Create(new LabsOptions()),
            TimeProvider.System, NullLogger<SessionManager>.Instance);
        _grading = new LabGradingService(_sessions, new TaskGrader(CheckRegistry.CreateDefault(new GradingOptions(), new NetAcademy.Labs.Capture.BoundedCaptures(Microsoft.Extensions.Options.Options.Create(new NetAcademy.Labs.Capture.CaptureOptions()), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<NetAcademy.Labs.Capture.BoundedCaptures>.Instance))), _graphs, _progress, _audit,
            NullLogger<LabGradingService>.Instance);
    }

    public async Task DisposeAsync()
    {
        _grading.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task CheckAsync_BeforeAndAfterTheLearnersCommand_FailsWithTheReasonThenPassesAndRecordsBoth()
    {
        var session = await StartAsync();

        var before = await _grading.CheckAsync(session, "make-a", CancellationToken.None);
        _shell.Answer("test -e /tmp/a", Yes);
        var after = await _grading.CheckAsync(session, "make-a", CancellationToken.None);

        Assert.False(before.Passed);
        Assert.Equal(MissingA, Assert.Single(before.Checks).Message);
        Assert.Equal(LabTaskStatus.Open, Status(before.Board, "make-a"));
        Assert.True(after.Passed);
        Assert.Equal(LabTaskStatus.Done, Status(after.Board, "make-a"));
        Assert.Equal(LabTaskStatus.Open, Status(after.Board, "make-b"));
        var record = Assert.Single(await _progress.GetProgressAsync(User, _lab.Id, CancellationToken.None));
        Assert.Equal((2, true, 100), (record.Attempts, record.Passed, record.Score));
        Assert.NotNull(record.FirstPassAt);
        var audit = await _audit.QueryAsync(User, AuditKinds.Check, 10, CancellationToken.None);
        Assert.Equal(["passed", $"failed: {MissingA}"], audit.Select(a => a.Detail));
        Assert.All(audit, a => Assert.Equal("unit-lab/make-a", a.Subject));
    }

    [Fact]
    public async Task CheckAsync_LockedTask_IsRefusedNamingWhatToFinishAndRunsNothing()
    {
        var session = await StartAsync();

        var refused = await Assert.ThrowsAsync<TaskCheckRefusedException>(() => _grading.CheckAsync(session, "make-b", CancellationToken.None));

        Assert.Contains("“Make a”", refused.Message);
        Assert.Contains("locked", refused.Message);
        Assert.DoesNotContain("test -e /tmp/b", _shell.Calls);
        Assert.Empty(await _progress.GetProgressAsync(User, _lab.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_UnknownTask_IsRefused()
    {
        var session = await StartAsync();

        var refused = await Assert.ThrowsAsync<TaskCheckRefusedException>(() => _grading.CheckAsync(session, "no-such-task", CancellationToken.None));

        Assert.Contains("no task", refused.Message);
    }

    [Fact]
    public async Task CheckAsync_PassedTaskBrokenLater_StaysDoneUntilTheLabIsReset()
    {
        var session = await StartAsync();
        _shell.Answer("test -e /tmp/a", Yes);
        await _grading.CheckAsync(session, "make-a", CancellationToken.None);
        _shell.Answer("test -e /tmp/a", No);

        var broken = await _grading.CheckAsync(session, "make-a", CancellationToken.None);
        await _sessions.ResetAsync(session, CancellationToken.None);
        await WaitReadyAsync(session);
        var afterReset = _grading.Board(session);

        Assert.False(broken.Passed);
        Assert.Equal(LabTaskStatus.Done, Status(broken.Board, "make-a"));
        Assert.Equal(LabTaskStatus.Open, Status(afterReset, "make-a"));
        Assert.Equal(LabTaskStatus.Locked, Status(afterReset, "make-b"));
        Assert.All(afterReset.Tasks, t => Assert.Null(t.LastMessage));
        // The stored progress keeps the pass: reset starts the lab over, not the learner's record.
        Assert.True(Assert.Single(await _progress.GetProgressAsync(User, _lab.Id, CancellationToken.None)).Passed);
    }

    [Fact]
    public async Task CheckAsync_TaskWithTwoStateChecks_ReadsTheGraphOnceAndAnswersBoth()
    {
        var session = await StartAsync();

        var outcome = await _grading.CheckAsync(session, "wire", CancellationToken.None);

        Assert.Equal(1, _graphs.Reads);
        Assert.Equal(2, outcome.Checks.Count);
        // An empty graph means the node could not be seen: an errored result, never a pass.
        Assert.All(outcome.Checks, c => Assert.True(!c.Passed && c.Errored && c.Message.Contains("host1"), c.Message));
    }

    [Fact]
    public async Task CheckOpenTasksAsync_WhileAManualCheckRuns_SkipsTheRound()
    {
        var session = await StartAsync();
        _shell.Hold();
        var manual = _grading.CheckAsync(session, "make-a", CancellationToken.None);
        await _shell.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var ran = await _grading.CheckOpenTasksAsync(session, CancellationToken.None);
        Assert.True(_grading.IsChecking(session));
        _shell.Release();
        await manual;

        Assert.False(ran);
        Assert.Single(_shell.Calls, "test -e /tmp/a");
    }

    [Fact]
    public async Task CheckOpenTasksAsync_OpenTaskNowHolds_MarksItDoneRecordsOnlyThePassAndRaisesBoardChanged()
    {
        var session = await StartAsync();
        var boards = new List<TaskBoard>();
        _grading.BoardChanged += (_, board) => boards.Add(board);

        Assert.True(await _grading.CheckOpenTasksAsync(session, CancellationToken.None));
        Assert.Empty(boards);
        Assert.Empty(await _progress.GetProgressAsync(User, _lab.Id, CancellationToken.None));
        _shell.Answer("test -e /tmp/a", Yes);
        Assert.True(await _grading.CheckOpenTasksAsync(session, CancellationToken.None));

        var board = Assert.Single(boards);
        Assert.Equal(LabTaskStatus.Done, Status(board, "make-a"));
        Assert.Equal(LabTaskStatus.Open, Status(board, "make-b"));
        var record = Assert.Single(await _progress.GetProgressAsync(User, _lab.Id, CancellationToken.None));
        Assert.Equal((1, true), (record.Attempts, record.Passed));
        // make-b was locked during that round: it is only looked at from the next one on.
        Assert.DoesNotContain("test -e /tmp/b", _shell.Calls);
    }

    [Fact]
    public async Task CheckAsync_LabNotReady_IsRefused()
    {
        var session = await StartAsync();
        await _sessions.StopAsync(session, "test", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<TaskCheckRefusedException>(() => _grading.CheckAsync(session, "make-a", CancellationToken.None));

        Assert.Contains("not ready", refused.Message);
        Assert.False(await _grading.CheckOpenTasksAsync(session, CancellationToken.None));
    }

    private async Task<LabSession> StartAsync()
    {
        var session = await _sessions.StartAsync(User, _lab.Id, CancellationToken.None);
        await WaitReadyAsync(session);
        return session;
    }

    private static async Task WaitReadyAsync(LabSession session)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (session.State != SessionState.Ready)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The session never got ready: {session.State}.");
            await Task.Delay(10);
        }
    }

    private static LabTaskStatus Status(TaskBoard board, string task) => board.Tasks.Single(t => t.Id == task).Status;

    private static LabNode Node(string name) =>
        new(new NodeName(name), "base", LabNode.DefaultCapabilities, 128, 0.5, 64,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [], name, []);
}
