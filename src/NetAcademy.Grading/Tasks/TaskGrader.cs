using System.Diagnostics;
using NetAcademy.Core.Diagnostics;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;

namespace NetAcademy.Grading.Tasks;

/// <summary>
/// Grades tasks: evaluates every check of a task, one after another (a traffic check must not overlap another
/// check's probes), and works out which tasks are locked, open or done. Thread-safe.
/// </summary>
public sealed class TaskGrader
{
    private readonly CheckRegistry _registry;
    private readonly NetAcademyMetrics? _metrics;

    /// <summary>Creates the grader over the registered evaluators.</summary>
    /// <param name="registry">The evaluators by kind.</param>
    /// <param name="metrics">Where each check's duration is recorded by kind and outcome; none when null.</param>
    public TaskGrader(CheckRegistry registry, NetAcademyMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _metrics = metrics;
    }

    /// <summary>
    /// Evaluates all checks of <paramref name="task"/>, even after one fails, so the learner sees everything
    /// still wrong. A check that throws (other than by cancellation) becomes an errored result naming the error.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="context">The session; use a fresh context per grading pass.</param>
    /// <param name="cancellationToken">Cancels grading.</param>
    /// <exception cref="OperationCanceledException">Grading was cancelled.</exception>
    public async Task<TaskGradeResult> GradeAsync(LabTask task, GradingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<CheckEvaluation>(task.Checks.Count);
        for (var i = 0; i < task.Checks.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var check = task.Checks[i];
            using var activity = NetAcademyMetrics.ActivitySource.StartActivity("check." + check.Kind);
            activity?.SetTag("netacademy.task", task.Id.Value);
            activity?.SetTag("netacademy.check.index", i);
            var watch = Stopwatch.StartNew();
            CheckResult result;
            try
            {
                result = await _registry.EvaluateAsync(check, context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                activity?.SetTag("netacademy.outcome", "cancelled");
                throw;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One broken check (an unknown kind, a node that went away) must not hide the others' results.
                result = CheckResult.Error($"This check could not run ({e.Message}).", e.ToString());
            }

            var outcome = result.Errored ? "error" : result.Passed ? "passed" : "failed";
            _metrics?.CheckEvaluated(check.Kind, outcome, watch.Elapsed);
            activity?.SetTag("netacademy.outcome", outcome);
            if (result.Errored)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.Message);
            }
            results.Add(new CheckEvaluation(i, check, result, watch.Elapsed));
        }

        return new TaskGradeResult(task.Id, results);
    }

    /// <summary>The status of <paramref name="task"/> given the tasks already done.</summary>
    public static LabTaskStatus StatusOf(LabTask task, IReadOnlySet<TaskId> done)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(done);
        if (done.Contains(task.Id))
        {
            return LabTaskStatus.Done;
        }

        return task.Needs.All(done.Contains) ? LabTaskStatus.Open : LabTaskStatus.Locked;
    }

    /// <summary>The status of every task of <paramref name="lab"/>, in the lab's order.</summary>
    public static IReadOnlyDictionary<TaskId, LabTaskStatus> Statuses(Lab lab, IReadOnlySet<TaskId> done)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return lab.Tasks.ToDictionary(t => t.Id, t => StatusOf(t, done));
    }

    /// <summary>
    /// The tasks in an order where each comes after everything it needs; among tasks free to go, the lab's order.
    /// </summary>
    /// <exception cref="ArgumentException">The needs form a cycle or name a task the lab does not have.</exception>
    public static IReadOnlyList<LabTask> InNeedsOrder(Lab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var ids = lab.Tasks.Select(t => t.Id).ToHashSet();
        foreach (var task in lab.Tasks)
        {
            if (task.Needs.FirstOrDefault(n => !ids.Contains(n)) is { Value: not null } missing)
            {
                throw new ArgumentException($"Task '{task.Id}' of lab '{lab.Id}' needs '{missing}', which the lab does not have.", nameof(lab));
            }
        }

        var ordered = new List<LabTask>(lab.Tasks.Count);
        var placed = new HashSet<TaskId>();
        while (ordered.Count < lab.Tasks.Count)
        {
            var next = lab.Tasks.FirstOrDefault(t => !placed.Contains(t.Id) && t.Needs.All(placed.Contains));
            if (next is null)
            {
                var stuck = lab.Tasks.Where(t => !placed.Contains(t.Id)).Select(t => t.Id.Value);
                throw new ArgumentException($"The needs of lab '{lab.Id}' form a cycle among: {string.Join(", ", stuck)}.", nameof(lab));
            }

            ordered.Add(next);
            placed.Add(next.Id);
        }

        return ordered;
    }
}
