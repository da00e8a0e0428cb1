using Dapper;
using NetAcademy.Core.Ids;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Grading;

/// <summary>The task_results and enrollments tables.</summary>
public sealed class ProgressStore : IProgressStore
{
    private const string Columns = """
        lab_id AS LabId, task_id AS TaskId, attempts AS Attempts, passed AS Passed, first_pass_at AS FirstPassAt,
        last_passed AS LastPassed, last_checked_at AS LastCheckedAt, last_message AS LastMessage, score AS Score
        """;

    private readonly Database _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    public ProgressStore(Database database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<TaskProgress> RecordCheckAsync(string user, LabId lab, TaskId task, bool passed, int score, string? message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        var now = DbTime.From(_time.GetUtcNow());
        await using var connection = await _database.OpenAsync(cancellationToken);
        // One upsert: two checks finishing together both count, and neither loses the other's pass.
        var row = await connection.QueryFirstAsync<Row>(new CommandDefinition($"""
            INSERT INTO task_results (user_name, lab_id, task_id, attempts, passed, first_pass_at, last_passed, last_checked_at, last_message, score)
            VALUES (@User, @Lab, @Task, 1, @Passed, CASE WHEN @Passed = 1 THEN @Now ELSE NULL END, @Passed, @Now, @Message, @Score)
            ON CONFLICT (user_name, lab_id, task_id) DO UPDATE SET
                attempts = task_results.attempts + 1,
                passed = CASE WHEN task_results.passed = 1 OR excluded.passed = 1 THEN 1 ELSE 0 END,
                first_pass_at = COALESCE(task_results.first_pass_at, excluded.first_pass_at),
                last_passed = excluded.last_passed,
                last_checked_at = excluded.last_checked_at,
                last_message = excluded.last_message,
                score = CASE WHEN excluded.score > task_results.score THEN excluded.score ELSE task_results.score END
            RETURNING {Columns};
            """, new { User = user, Lab = lab.Value, Task = task.Value, Passed = passed ? 1 : 0, Now = now, Message = message, Score = score },
            cancellationToken: cancellationToken));
        return row.ToProgress();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskProgress>> GetProgressAsync(string user, LabId lab, CancellationToken cancellationToken) =>
        GetProgressAsync(user, [lab], cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TaskProgress>> GetProgressAsync(string user, IEnumerable<LabId> labs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var rows = await ReadRowsAsync(_database, labs, user, cancellationToken);
        return rows.Select(r => r.ToProgress()).ToList();
    }

    /// <summary>
    /// Every learner's records for the labs, for the instructor pages and the CSV export: ordered by user, lab and task.
    /// </summary>
    public async Task<IReadOnlyList<LearnerTaskRecord>> GetAllLearnersProgressAsync(IEnumerable<LabId> labs, CancellationToken cancellationToken)
    {
        var rows = await ReadRowsAsync(_database, labs, user: null, cancellationToken);
        return rows.Select(r => new LearnerTaskRecord(r.UserName, r.ToProgress()))
            .OrderBy(r => r.User, StringComparer.Ordinal)
            .ThenBy(r => r.Progress.LabId.Value, StringComparer.Ordinal)
            .ThenBy(r => r.Progress.TaskId.Value, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The task_results rows of the labs, of one user or (null) of everyone, each lab's in task order.</summary>
    private static async Task<List<Row>> ReadRowsAsync(Database database, IEnumerable<LabId> labs, string? user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labs);
        var ids = labs.Select(l => l.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var filter = user is null ? "" : "user_name = @User AND ";
        await using var connection = await database.OpenAsync(cancellationToken);
        var results = new List<Row>();
        // One query per lab keeps the SQL identical on both engines (no array parameters); a course has few labs.
        foreach (var lab in ids)
        {
            results.AddRange(await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT user_name AS UserName, {Columns} FROM task_results WHERE {filter}lab_id = @Lab ORDER BY task_id;",
                new { User = user, Lab = lab }, cancellationToken: cancellationToken)));
        }
        return results;
    }

    /// <inheritdoc />
    public async Task EnrollAsync(string userId, CourseId course, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO enrollments (user_id, course_id, enrolled_at) VALUES (@User, @Course, @At)
            ON CONFLICT (user_id, course_id) DO NOTHING;
            """, new { User = userId, Course = course.Value, At = DbTime.From(_time.GetUtcNow()) }, cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CourseId>> GetEnrollmentsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT course_id FROM enrollments WHERE user_id = @User ORDER BY enrolled_at, course_id;", new { User = userId }, cancellationToken: cancellationToken));
        return rows.Select(r => new CourseId(r)).ToList();
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

        public TaskProgress ToProgress() => new(new LabId(LabId), new TaskId(TaskId), Attempts, Passed == 1, DbTime.To(FirstPassAt),
            LastPassed == 1, DbTime.To(LastCheckedAt), LastMessage, Score);
    }
}
