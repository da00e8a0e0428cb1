using NetAcademy.Core.Ids;

namespace NetAcademy.Web.Grading;

/// <summary>A learner's record for one task of one lab.</summary>
/// <param name="LabId">The lab.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Attempts">How many times the task's checks ran.</param>
/// <param name="Passed">Whether the task ever passed (it stays done if the learner later breaks the lab).</param>
/// <param name="FirstPassAt">When it first passed.</param>
/// <param name="LastPassed">Outcome of the latest check.</param>
/// <param name="LastCheckedAt">When the latest check ran.</param>
/// <param name="LastMessage">What the latest check said, for the learner.</param>
/// <param name="Score">Best score recorded.</param>
public sealed record TaskProgress(
    LabId LabId, TaskId TaskId, int Attempts, bool Passed, DateTimeOffset? FirstPassAt, bool LastPassed,
    DateTimeOffset LastCheckedAt, string? LastMessage, int Score);
