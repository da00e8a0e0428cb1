using Dapper;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Audit;

/// <summary>The lab_sessions table: every session started, and how and when it ended.</summary>
public sealed class SessionHistory
{
    private readonly Database _database;

    /// <summary>Creates the store.</summary>
    public SessionHistory(Database database) => _database = database;

    /// <summary>Records a start; a second call for the same session (adopted after a restart) changes nothing.</summary>
    public async Task RecordStartAsync(string sessionId, string user, string labId, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO lab_sessions (id, user_name, lab_id, started_at) VALUES (@Id, @User, @Lab, @At)
            ON CONFLICT (id) DO NOTHING;
            """, new { Id = sessionId, User = user, Lab = labId, At = DbTime.From(startedAt) }, cancellationToken: cancellationToken));
    }

    /// <summary>Records the end; only the first end counts (a failed session is later also stopped).</summary>
    public async Task RecordEndAsync(string sessionId, DateTimeOffset endedAt, string state, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE lab_sessions SET ended_at = @At, end_state = @State, end_reason = @Reason WHERE id = @Id AND ended_at IS NULL;",
            new { Id = sessionId, At = DbTime.From(endedAt), State = state, Reason = reason }, cancellationToken: cancellationToken));
    }

    /// <summary>The user's sessions, newest first.</summary>
    public async Task<IReadOnlyList<SessionRecord>> ListAsync(string user, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, user_name AS UserName, lab_id AS LabId, started_at AS StartedAt, ended_at AS EndedAt, end_state AS EndState, end_reason AS EndReason
            FROM lab_sessions WHERE user_name = @User ORDER BY started_at DESC, id LIMIT @Limit;
            """, new { User = user, Limit = Math.Clamp(limit, 1, 10_000) }, cancellationToken: cancellationToken));
        return rows.Select(r => new SessionRecord(r.Id, r.UserName, r.LabId, DbTime.To(r.StartedAt), DbTime.To(r.EndedAt), r.EndState, r.EndReason)).ToList();
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string UserName { get; init; } = "";
        public string LabId { get; init; } = "";
        public long StartedAt { get; init; }
        public long? EndedAt { get; init; }
        public string? EndState { get; init; }
        public string? EndReason { get; init; }
    }
}
