using System.Collections.Concurrent;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Audit;

namespace NetAcademy.Web.Grading;

/// <summary>
/// Grades the tasks of running lab sessions for the workspace: builds a <see cref="GradingContext"/> per pass
/// (the session's lab, its shell, its live graph), refuses locked tasks, records every learner-initiated check in
/// <see cref="IProgressStore"/> and the audit log, and remembers per session which tasks passed. A passed task
/// stays passed until the lab is reset (the session goes back to Starting), even if the learner later breaks
/// what it checked. Only one check run at a time per session: a traffic check must not see another check's probes.
/// Thread-safe; one per process.
/// </summary>
public sealed partial class LabGradingService : IDisposable
{
    private readonly SessionManager _sessions;
    private readonly TaskGrader _grader;
    private readonly ISessionGraphSource _graphs;
    private readonly IProgressStore _progress;
    private readonly IAuditLog _audit;
    private readonly ILogger<LabGradingService> _logger;
    private readonly ConcurrentDictionary<SessionId, SessionGrades> _grades = new();

    /// <summary>Creates the service and follows the sessions' state (reset forgets, stop drops).</summary>
    public LabGradingService(SessionManager sessions, TaskGrader grader, ISessionGraphSource graphs, IProgressStore progress, IAuditLog audit,
        ILogger<LabGradingService> logger)
    {
        _sessions = sessions;
        _grader = grader;
        _graphs = graphs;
        _progress = progress;
        _audit = audit;
        _logger = logger;
        _sessions.SessionChanged += OnSessionChanged;
    }

    /// <summary>Raised after a check changed what a session's board shows (a task passed, a message changed).</summary>
    public event Action<LabSession, TaskBoard>? BoardChanged;

    /// <summary>Every task of the session's lab with its status and last message.</summary>
    public TaskBoard Board(LabSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        // Reading never adds an entry: a stopped session must not leave one behind.
        var grades = _grades.TryGetValue(session.Id, out var found) ? found : new SessionGrades();
        lock (grades)
        {
            return BuildBoard(session, grades);
        }
    }

    /// <summary>True while a check run of the session is going on.</summary>
    public bool IsChecking(LabSession session) =>
        _grades.TryGetValue(session.Id, out var grades) && grades.Gate.CurrentCount == 0;

    /// <summary>
    /// Runs every check of a task (the learner pressed Check), waiting for a running check of the session to finish
    /// first. Records the attempt and an audit event.
    /// </summary>
    /// <param name="session">A session of the caller (ownership is the caller's check).</param>
    /// <param name="taskId">The task.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="TaskCheckRefusedException">The lab is not ready, has no such task, or the task is locked.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<TaskCheckOutcome> CheckAsync(LabSession session, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var task = FindTask(session.Lab, taskId);
        EnsureReady(session);
        var grades = _grades.GetOrAdd(session.Id, _ => new SessionGrades());
        await grades.Gate.WaitAsync(cancellationToken);
        try
        {
            EnsureReady(session);
            int generation;
            lock (grades)
            {
                var status = TaskGrader.StatusOf(task, grades.Passed);
                if (status == LabTaskStatus.Locked)
                {
                    var missing = task.Needs.Where(n => !grades.Passed.Contains(n)).Select(n => Quote(session.Lab, n));
                    throw new TaskCheckRefusedException(
                        $"“{task.Title}” is locked: finish {string.Join(" and ", missing)} first, then check this task.");
                }
                generation = grades.Generation;
            }

            var result = await GradeAsync(session, task, cancellationToken);
            var message = Summary(result);
            var score = Score(result);
            TaskBoard board;
            bool changed;
            lock (grades)
            {
                changed = Remember(grades, generation, task.Id, result.Passed, message);
                board = BuildBoard(session, grades);
            }

            await _progress.RecordCheckAsync(session.User, session.Lab.Id, task.Id, result.Passed, score, message, cancellationToken);
            await _audit.RecordAsync(session.User, AuditKinds.Check, $"{session.Lab.Id}/{task.Id}",
                result.Passed ? "passed" : $"failed: {message}", cancellationToken);
            LogChecked(_logger, session.Id.Value, session.Lab.Id.Value, task.Id.Value, result.Passed);
            if (changed)
            {
                BoardChanged?.Invoke(session, board);
            }
            return new TaskCheckOutcome(task.Id.Value, result.Passed, result.Checks.Select(ToView).ToList(), board);
        }
        finally
        {
            grades.Gate.Release();
        }
    }

    /// <summary>
    /// Checks the session's open tasks in the background (lab order). Skipped, returning false, when a check run of
    /// the session is still going on or the lab is not ready. Only passes are recorded: a learner who is still
    /// working should not collect an attempt every few seconds.
    /// </summary>
    /// <returns>True when a run happened.</returns>
    public async Task<bool> CheckOpenTasksAsync(LabSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var grades = _grades.GetOrAdd(session.Id, _ => new SessionGrades());
        if (session.State != SessionState.Ready || !await grades.Gate.WaitAsync(0, cancellationToken))
        {
            return false;
        }

        try
        {
            List<LabTask> open;
            int generation;
            lock (grades)
            {
                open = session.Lab.Tasks.Where(t => TaskGrader.StatusOf(t, grades.Passed) == LabTaskStatus.Open).ToList();
                generation = grades.Generation;
            }

            foreach (var task in open)
            {
                if (session.State != SessionState.Ready)
                {
                    break;
                }

                var result = await GradeAsync(session, task, cancellationToken);
                if (!result.Passed)
                {
                    // The page keeps the message of the learner's own last check; a background failure says nothing new.
                    continue;
                }

                var message = Summary(result);
                TaskBoard board;
                bool changed;
                lock (grades)
                {
                    changed = Remember(grades, generation, task.Id, passed: true, message);
                    board = BuildBoard(session, grades);
                }

                if (!changed)
                {
                    continue;
                }

                await _progress.RecordCheckAsync(session.User, session.Lab.Id, task.Id, true, Score(result), message, cancellationToken);
                await _audit.RecordAsync(session.User, AuditKinds.Check, $"{session.Lab.Id}/{task.Id}", "passed (background check)", cancellationToken);
                LogChecked(_logger, session.Id.Value, session.Lab.Id.Value, task.Id.Value, true);
                BoardChanged?.Invoke(session, board);
            }

            return true;
        }
        finally
        {
            grades.Gate.Release();
        }
    }

    private async Task<TaskGradeResult> GradeAsync(LabSession session, LabTask task, CancellationToken cancellationToken)
    {
        // A fresh context per pass: every state check of the task sees the same graph, read at most once.
        var context = new GradingContext(session.Lab, _sessions.Shell(session), ct => _graphs.GetGraphAsync(session, ct));
        return await _grader.GradeAsync(task, context, cancellationToken);
    }

    private static bool Remember(SessionGrades grades, int generation, TaskId task, bool passed, string message)
    {
        if (generation != grades.Generation)
        {
            // The lab was reset while the check ran: its result belongs to the lab that is gone.
            return false;
        }

        var before = grades.Last.GetValueOrDefault(task);
        grades.Last[task] = (passed, message);
        var newlyPassed = passed && grades.Passed.Add(task);
        return newlyPassed || before != (passed, message);
    }

    private static TaskBoard BuildBoard(LabSession session, SessionGrades grades)
    {
        var tasks = session.Lab.Tasks.Select(t =>
        {
            var last = grades.Last.TryGetValue(t.Id, out var l) ? l : ((bool Passed, string Message)?)null;
            return new TaskView(t.Id.Value, t.Title, t.Description, TaskGrader.StatusOf(t, grades.Passed),
                t.Needs.Select(n => session.Lab.Tasks.FirstOrDefault(x => x.Id == n)?.Title ?? n.Value).ToList(),
                t.Hints, last?.Passed, last?.Message);
        }).ToList();
        return new TaskBoard(session.Id.Value, session.Lab.Id.Value, tasks);
    }

    private static LabTask FindTask(Lab lab, string taskId)
    {
        if (!TaskId.TryParse(taskId, out var id) || lab.Tasks.FirstOrDefault(t => t.Id == id) is not { } task)
        {
            throw new TaskCheckRefusedException($"This lab has no task “{taskId}”.");
        }
        return task;
    }

    private static void EnsureReady(LabSession session)
    {
        if (session.State != SessionState.Ready)
        {
            throw new TaskCheckRefusedException(
                $"The lab is {session.State.ToString().ToLowerInvariant()}, not ready: check again once it is ready.");
        }
    }

    private static string Quote(Lab lab, TaskId id) => $"“{lab.Tasks.FirstOrDefault(t => t.Id == id)?.Title ?? id.Value}”";

    /// <summary>The sentences a learner acts on: the failures' messages, or the passes' when everything holds.</summary>
    internal static string Summary(TaskGradeResult result)
    {
        var relevant = result.Passed ? result.Checks : result.Failures;
        return string.Join(" ", relevant.Select(c => c.Result.Message.Trim()).Where(m => m.Length > 0).Distinct());
    }

    /// <summary>A task's score: the share of its checks that held, 0-100.</summary>
    internal static int Score(TaskGradeResult result) =>
        result.Checks.Count == 0 ? 0 : (int)Math.Round(100.0 * result.Checks.Count(c => c.Result.Passed) / result.Checks.Count);

    private static CheckView ToView(CheckEvaluation e) =>
        new(e.Check.Description ?? "", e.Result.Passed, e.Result.Errored, e.Result.Message);

    private void OnSessionChanged(SessionSnapshot snapshot)
    {
        if (!SessionId.TryParse(snapshot.Id, out var id))
        {
            return;
        }

        if (snapshot.State == SessionState.Stopped)
        {
            _grades.TryRemove(id, out _);
        }
        else if (snapshot.State == SessionState.Starting && _grades.TryGetValue(id, out var grades))
        {
            lock (grades)
            {
                // Every Starting snapshot (also each start step) moves the generation on: a check that began before
                // the reset must not write its result into the fresh lab's state.
                grades.Passed.Clear();
                grades.Last.Clear();
                grades.Generation++;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _sessions.SessionChanged -= OnSessionChanged;

    /// <summary>What one session's checks found so far; guarded by locking the instance (the gate orders runs).</summary>
    private sealed class SessionGrades
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public HashSet<TaskId> Passed { get; } = [];

        public Dictionary<TaskId, (bool Passed, string Message)> Last { get; } = [];

        public int Generation { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: checked {LabId}/{TaskId}, passed {Passed}")]
    private static partial void LogChecked(ILogger logger, string sessionId, string labId, string taskId, bool passed);
}
