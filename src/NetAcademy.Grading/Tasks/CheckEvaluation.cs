using NetAcademy.Core.Labs;
using NetAcademy.Grading.Checks;

namespace NetAcademy.Grading.Tasks;

/// <summary>One check of a task and how it fared.</summary>
/// <param name="Index">Position of the check in the task (0-based).</param>
/// <param name="Check">The check.</param>
/// <param name="Result">Its result.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record CheckEvaluation(int Index, Check Check, CheckResult Result, TimeSpan Elapsed);
