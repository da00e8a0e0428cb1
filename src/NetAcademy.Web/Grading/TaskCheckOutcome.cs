namespace NetAcademy.Web.Grading;

/// <summary>The answer to pressing Check: each check's result and the board after it.</summary>
/// <param name="TaskId">The task checked.</param>
/// <param name="Passed">True when every check passed this time.</param>
/// <param name="Checks">Each check, in the task's order.</param>
/// <param name="Board">Every task's status after the check.</param>
public sealed record TaskCheckOutcome(string TaskId, bool Passed, IReadOnlyList<CheckView> Checks, TaskBoard Board);
