using NetAcademy.Core.Ids;

namespace NetAcademy.Grading.Tasks;

/// <summary>The result of grading one task: every check's result, in the task's order.</summary>
/// <param name="Task">The task.</param>
/// <param name="Checks">Each check and its result.</param>
public sealed record TaskGradeResult(TaskId Task, IReadOnlyList<CheckEvaluation> Checks)
{
    /// <summary>True when every check passed (a task has at least one check; the lab loader enforces it).</summary>
    public bool Passed => Checks.All(c => c.Result.Passed);

    /// <summary>The checks that did not pass.</summary>
    public IEnumerable<CheckEvaluation> Failures => Checks.Where(c => !c.Result.Passed);
}
