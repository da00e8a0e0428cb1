using NetAcademy.Core.Ids;

namespace NetAcademy.Web.Grading;

/// <summary>
/// Learners' task results and course enrollments. The grading feature calls
/// <see cref="RecordCheckAsync"/> after every check of a task; pages read with the Get methods.
/// Users are user names (<c>HttpContext.User.Identity.Name</c>, the same string lab sessions carry).
/// </summary>
public interface IProgressStore
{
    /// <summary>
    /// Records one run of a task's checks: counts the attempt, keeps the task passed once it passed
    /// (first pass time kept), remembers the latest outcome and message, and keeps the best score.
    /// Returns the task's record after the change.
    /// </summary>
    Task<TaskProgress> RecordCheckAsync(string user, LabId lab, TaskId task, bool passed, int score, string? message, CancellationToken cancellationToken);

    /// <summary>The user's records for one lab, by task id.</summary>
    Task<IReadOnlyList<TaskProgress>> GetProgressAsync(string user, LabId lab, CancellationToken cancellationToken);

    /// <summary>
    /// The user's records for several labs at once, e.g. a course's labs:
    /// <c>course.Lessons.Select(l =&gt; l.Lab).OfType&lt;LabId&gt;()</c>.
    /// </summary>
    Task<IReadOnlyList<TaskProgress>> GetProgressAsync(string user, IEnumerable<LabId> labs, CancellationToken cancellationToken);

    /// <summary>Enrolls the account (by id) in a course; idempotent.</summary>
    Task EnrollAsync(string userId, CourseId course, CancellationToken cancellationToken);

    /// <summary>The courses the account (by id) is enrolled in.</summary>
    Task<IReadOnlyList<CourseId>> GetEnrollmentsAsync(string userId, CancellationToken cancellationToken);
}
