namespace NetAcademy.Web.Grading;

/// <summary>One learner's record of one task, for instructors.</summary>
/// <param name="User">The learner's user name.</param>
/// <param name="Progress">The record.</param>
public sealed record LearnerTaskRecord(string User, TaskProgress Progress);
