using Dapper;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Data;
using NetAcademy.Web.Grading;

namespace NetAcademy.Web.Instructor;

/// <summary>
/// Reads every learner's task records for a set of labs (a course's), for the instructor pages and the CSV export.
/// Read-only over the task_results table that <see cref="IProgressStore"/> writes.
/// </summary>
public sealed class CourseProgressReader
{
    private readonly Database _database;

    /// <summary>Creates the reader.</summary>
    public CourseProgressReader(Database database) => _database = database;

    /// <summary>All learners' records for the labs, ordered by user, lab and task.</summary>
    /// <param name="labs">The labs, e.g. <c>course.Lessons.Select(l =&gt; l.Lab).OfType&lt;LabId&gt;()</c>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<LearnerTaskRecord>> ReadAsync(IEnumerable<LabId> labs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labs);
        var ids = labs.Select(l => l.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        var results = new List<LearnerTaskRecord>();
        // One query per lab keeps the SQL identical on SQLite and PostgreSQL (no array parameters); a course has few labs.
        foreach (var lab in ids)
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
                SELECT user_name AS UserName, lab_id AS LabId, task_id AS TaskId, attempts AS Attempts, passed AS Passed,
                       first_pass_at AS FirstPassAt, last_passed AS LastPassed, last_checked_at AS LastCheckedAt,
                       last_message AS LastMessage, score AS Score
                FROM task_results WHERE lab_id = @Lab;
                """, new { Lab = lab }, cancellationToken: cancellationToken));
            results.AddRange(rows.Select(r => r.ToRecord()));
        }

        return results
            .OrderBy(r => r.User, StringComparer.Ordinal)
            .ThenBy(r => r.Progress.LabId.Value, StringComparer.Ordinal)
            .ThenBy(r => r.Progress.TaskId.Value, StringComparer.Ordinal)
            .ToList();
    }

    private sealed class Row
    {
        public string UserName { get; init; } = "";
        public string LabId { get; init; } = "";
        public string TaskId { get; init; } = "";
        public int Attempts { get; init; }
        public int Passed { get; init; }
        public long? FirstPassAt { get; init; }
        public int LastPassed { get; init; }
        public long LastCheckedAt { get; init; }
        public string? LastMessage { get; init; }
        public int Score { get; init; }

        public LearnerTaskRecord ToRecord() => new(UserName, new TaskProgress(new LabId(LabId), new TaskId(TaskId), Attempts, Passed == 1,
            DbTime.To(FirstPassAt), LastPassed == 1, DbTime.To(LastCheckedAt), LastMessage, Score));
    }
}
