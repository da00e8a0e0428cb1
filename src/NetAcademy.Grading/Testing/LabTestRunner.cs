using System.Diagnostics;
using System.Text;
using NetAcademy.Core.Graph;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;
using NetAcademy.Grading.Checks;
using NetAcademy.Grading.Tasks;

namespace NetAcademy.Grading.Testing;

/// <summary>
/// Tests labs end to end, as <c>netacademy lab test</c> does: for each lab it starts a fresh session, checks that
/// every task's checks fail on the fresh lab (a check that already passes is an authoring bug), then, in
/// <see cref="LabTask.Needs"/> order, runs each task's reference solution and checks that the task's checks
/// pass. The session is always stopped, also on failure or cancellation.
/// </summary>
public sealed class LabTestRunner
{
    /// <summary>The user every test session is started for.</summary>
    public const string User = "lab-test";

    private readonly ILabRuntime _runtime;
    private readonly TaskGrader _grader;
    private readonly Func<SessionId, Lab, Func<CancellationToken, Task<InterfaceGraph>>> _graphProviderFactory;
    private readonly Func<Lab, string?> _cannotRunReason;
    private readonly GradingOptions _options;

    /// <summary>Creates the runner.</summary>
    /// <param name="runtime">Starts and stops the test sessions.</param>
    /// <param name="grader">Grades tasks.</param>
    /// <param name="graphProviderFactory">For a session and its lab, a function that reads the live interface graph.</param>
    /// <param name="cannotRunReason">Why a lab cannot run on this host (e.g. a missing kernel feature), or null when it can; such labs are skipped.</param>
    /// <param name="options">Timeouts; defaults when null.</param>
    public LabTestRunner(
        ILabRuntime runtime,
        TaskGrader grader,
        Func<SessionId, Lab, Func<CancellationToken, Task<InterfaceGraph>>> graphProviderFactory,
        Func<Lab, string?> cannotRunReason,
        GradingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(grader);
        ArgumentNullException.ThrowIfNull(graphProviderFactory);
        ArgumentNullException.ThrowIfNull(cannotRunReason);
        _runtime = runtime;
        _grader = grader;
        _graphProviderFactory = graphProviderFactory;
        _cannotRunReason = cannotRunReason;
        _options = options ?? new GradingOptions();
    }

    /// <summary>Name of the case for a task on the fresh lab.</summary>
    public static string FailsBeforeName(TaskId task) => $"{task} fails before solution";

    /// <summary>Name of the case for a task after its solution ran.</summary>
    public static string PassesAfterName(TaskId task) => $"{task} passes after solution";

    /// <summary>Tests each lab in turn.</summary>
    /// <param name="labs">The labs.</param>
    /// <param name="progress">Receives one line per step and case.</param>
    /// <param name="cancellationToken">Cancels the run; the current session is still stopped.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<IReadOnlyList<LabTestResult>> RunAsync(IEnumerable<Lab> labs, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labs);
        var results = new List<LabTestResult>();
        foreach (var lab in labs)
        {
            results.Add(await RunLabAsync(lab, progress, cancellationToken));
        }

        await progress.WriteLineAsync(Summary(results));
        return results;
    }

    /// <summary>One line for people, e.g. "3 lab(s): 2 passed, 1 failed, 0 skipped; 1 failing case(s).".</summary>
    public static string Summary(IReadOnlyList<LabTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return $"{results.Count} lab(s): {results.Count(r => r.Passed && r.SkippedReason is null)} passed, "
            + $"{results.Count(r => !r.Passed)} failed, {results.Count(r => r.SkippedReason is not null)} skipped; {results.Sum(r => r.Failures)} failing case(s).";
    }

    /// <summary>Tests one lab.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<LabTestResult> RunLabAsync(Lab lab, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(progress);
        var log = new LabLog(progress, lab.Id);
        var watch = Stopwatch.StartNew();
        var cases = new List<LabTestCase>();

        if (_cannotRunReason(lab) is { } reason)
        {
            await log.LineAsync($"skipped: {reason}");
            cases.Add(new LabTestCase("starts", LabTestOutcome.Skipped, reason, null, TimeSpan.Zero));
            cases.AddRange(TaskCases(lab, LabTestOutcome.Skipped, reason));
            return new LabTestResult(lab.Id, cases, reason, watch.Elapsed);
        }

        IReadOnlyList<LabTask> order;
        try
        {
            order = TaskGrader.InNeedsOrder(lab);
        }
        catch (ArgumentException e)
        {
            await log.CaseAsync(Add(cases, new LabTestCase("task order", LabTestOutcome.Failed, e.Message, null, TimeSpan.Zero)));
            return new LabTestResult(lab.Id, cases, null, watch.Elapsed);
        }

        var session = SessionId.New();
        var nodes = lab.Nodes.Select(n => n.Name).ToList();
        await log.LineAsync($"starting session {session}");
        try
        {
            var started = await StartAsync(lab, session, log, cancellationToken);
            await log.CaseAsync(Add(cases, started));
            if (started.Outcome != LabTestOutcome.Passed)
            {
                cases.AddRange(TaskCases(lab, LabTestOutcome.Skipped, "the lab did not start"));
                return new LabTestResult(lab.Id, cases, null, watch.Elapsed);
            }

            var shell = _runtime.GetShell(session, nodes);
            var graph = _graphProviderFactory(session, lab);
            foreach (var task in lab.Tasks)
            {
                await log.CaseAsync(Add(cases, await FailsBeforeAsync(lab, task, shell, graph, cancellationToken)));
            }

            foreach (var task in order)
            {
                await log.CaseAsync(Add(cases, await PassesAfterAsync(lab, task, shell, graph, cancellationToken)));
            }
        }
        finally
        {
            var stopped = await StopAsync(session);
            if (stopped is not null)
            {
                await log.CaseAsync(Add(cases, stopped));
            }

            await log.LineAsync($"stopped session {session}");
        }

        return new LabTestResult(lab.Id, cases, null, watch.Elapsed);
    }

    private async Task<LabTestCase> StartAsync(Lab lab, SessionId session, LabLog log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await _runtime.StartAsync(new SessionSpec(session, User, lab), log, cancellationToken);
            return new LabTestCase("starts", LabTestOutcome.Passed, null, null, watch.Elapsed);
        }
        catch (LabStartException e)
        {
            return new LabTestCase("starts", LabTestOutcome.Failed, $"step {e.Step}: {e.Message}", e.Output, watch.Elapsed);
        }
    }

    private async Task<LabTestCase?> StopAsync(SessionId session)
    {
        // A fresh token: the run's own token may be the reason we are stopping.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await _runtime.StopAsync(session, cts.Token);
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new LabTestCase("stops", LabTestOutcome.Failed, $"The session {session} could not be removed: {e.Message}", e.ToString(), TimeSpan.Zero);
        }
    }

    private async Task<LabTestCase> FailsBeforeAsync(Lab lab, LabTask task, INodeShell shell, Func<CancellationToken, Task<InterfaceGraph>> graph, CancellationToken cancellationToken)
    {
        var name = FailsBeforeName(task.Id);
        var watch = Stopwatch.StartNew();
        if (task.Checks.Count == 0)
        {
            return new LabTestCase(name, LabTestOutcome.Failed, "The task has no checks, so it can never be graded.", null, watch.Elapsed);
        }

        try
        {
            var grade = await _grader.GradeAsync(task, new GradingContext(lab, shell, graph), cancellationToken);
            var wrong = grade.Checks.Where(c => c.Result.Passed || c.Result.Errored).ToList();
            if (wrong.Count == 0)
            {
                return new LabTestCase(name, LabTestOutcome.Passed, null, Describe(grade), watch.Elapsed);
            }

            var message = string.Join(" ", wrong.Select(c => c.Result.Errored
                ? $"{CheckName(c)} could not run: {c.Result.Message}"
                : $"{CheckName(c)} already passes on the fresh lab: {c.Result.Message}"));
            return new LabTestCase(name, LabTestOutcome.Failed, message, Describe(grade), watch.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new LabTestCase(name, LabTestOutcome.Failed, $"Grading failed: {e.Message}", e.ToString(), watch.Elapsed);
        }
    }

    private async Task<LabTestCase> PassesAfterAsync(Lab lab, LabTask task, INodeShell shell, Func<CancellationToken, Task<InterfaceGraph>> graph, CancellationToken cancellationToken)
    {
        var name = PassesAfterName(task.Id);
        var watch = Stopwatch.StartNew();
        if (task.Solution.Count == 0)
        {
            return new LabTestCase(name, LabTestOutcome.Failed, "The task has no solution steps to test it with.", null, watch.Elapsed);
        }

        try
        {
            for (var i = 0; i < task.Solution.Count; i++)
            {
                var step = task.Solution[i];
                // The script is the lab's own file content, never request input, so running it as sh -c text is fine.
                var run = await shell.RunAsync(step.Node, ["sh", "-e", "-c", step.Script], null, _options.SolutionStepTimeout, cancellationToken);
                if (run.TimedOut || run.ExitCode != 0)
                {
                    var how = run.TimedOut ? $"did not finish within {_options.SolutionStepTimeout.TotalSeconds:0} s" : $"exited with code {run.ExitCode}";
                    var last = Phrases.LastLines(run.Stderr, 3) ?? Phrases.LastLines(run.Stdout, 3);
                    return new LabTestCase(name, LabTestOutcome.Failed,
                        $"Solution step {i + 1} on {step.Node} {how}" + (last is null ? "." : $": {last}"),
                        Phrases.Output(run.Stdout, run.Stderr), watch.Elapsed);
                }
            }

            var grade = await _grader.GradeAsync(task, new GradingContext(lab, shell, graph), cancellationToken);
            if (grade.Passed)
            {
                return new LabTestCase(name, LabTestOutcome.Passed, null, Describe(grade), watch.Elapsed);
            }

            var message = string.Join(" ", grade.Failures.Select(c => $"{CheckName(c)} fails after the solution: {c.Result.Message}"));
            return new LabTestCase(name, LabTestOutcome.Failed, message, Describe(grade), watch.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new LabTestCase(name, LabTestOutcome.Failed, $"Running the solution failed: {e.Message}", e.ToString(), watch.Elapsed);
        }
    }

    private static IEnumerable<LabTestCase> TaskCases(Lab lab, LabTestOutcome outcome, string message) =>
        lab.Tasks.SelectMany(t => new[]
        {
            new LabTestCase(FailsBeforeName(t.Id), outcome, message, null, TimeSpan.Zero),
            new LabTestCase(PassesAfterName(t.Id), outcome, message, null, TimeSpan.Zero),
        });

    private static LabTestCase Add(List<LabTestCase> cases, LabTestCase testCase)
    {
        cases.Add(testCase);
        return testCase;
    }

    private static string CheckName(CheckEvaluation c) =>
        $"Check {c.Index + 1} ({c.Check.Kind} on {c.Check.Node}" + (c.Check.Description is { } d ? $": {d}" : "") + ")";

    private static string Describe(TaskGradeResult grade)
    {
        var text = new StringBuilder();
        foreach (var c in grade.Checks)
        {
            var mark = c.Result.Errored ? "error" : c.Result.Passed ? "pass" : "fail";
            text.Append('[').Append(mark).Append("] ").Append(CheckName(c)).Append(": ").AppendLine(c.Result.Message);
            if (c.Result.Detail is { } detail)
            {
                text.AppendLine("    " + detail.ReplaceLineEndings("\n    "));
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Writes a lab's progress lines and its start steps to the caller's writer.</summary>
    private sealed class LabLog(TextWriter writer, LabId lab) : IProgress<StartProgress>
    {
        private const int DetailLines = 20;
        private readonly Lock _gate = new();

        public Task LineAsync(string line)
        {
            Write(line);
            return Task.CompletedTask;
        }

        public Task CaseAsync(LabTestCase testCase)
        {
            var mark = testCase.Outcome switch
            {
                LabTestOutcome.Passed => "ok  ",
                LabTestOutcome.Failed => "FAIL",
                _ => "skip",
            };
            Write($"{mark} {testCase.Name} ({testCase.Elapsed.TotalSeconds:0.0} s)" + (testCase.Message is { } m ? $": {m}" : ""));
            if (testCase.Outcome == LabTestOutcome.Failed && !string.IsNullOrWhiteSpace(testCase.Detail))
            {
                // What the failing step printed is what an author needs first; the JUnit file keeps all of it.
                foreach (var line in DetailTail(testCase.Detail))
                {
                    Write($"       | {line}");
                }
            }
            return Task.CompletedTask;
        }

        /// <summary>The last <see cref="DetailLines"/> lines of a failed case's detail, each cut to 300 characters.</summary>
        private static IEnumerable<string> DetailTail(string detail)
        {
            var lines = detail.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            var skipped = Math.Max(0, lines.Length - DetailLines);
            if (skipped > 0)
            {
                yield return $"({skipped} earlier line(s) are in the JUnit file)";
            }
            foreach (var line in lines.Skip(skipped))
            {
                yield return line.Length <= 300 ? line : line[..300] + "…";
            }
        }

        public void Report(StartProgress value)
        {
            if (value.Status != StepStatus.Running)
            {
                Write($"     {value.Title}: {value.Status switch { StepStatus.Done => "done", StepStatus.Cancelled => "cancelled (another step failed)", _ => "failed" }} ({value.Elapsed.TotalSeconds:0.0} s)");
            }
        }

        private void Write(string line)
        {
            lock (_gate)
            {
                writer.WriteLine($"{lab}: {line}");
                writer.Flush();
            }
        }
    }
}
