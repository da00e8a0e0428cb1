using System.Data.Common;
using Dapper;
using NetAcademy.Web.Data;

namespace NetAcademy.Web.Audit;

/// <summary>The audit_events table.</summary>
public sealed partial class AuditLog : IAuditLog
{
    /// <summary>Longest detail stored; longer text is cut (a check's output can be long).</summary>
    public const int MaxDetailLength = 2000;

    private readonly Database _database;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditLog> _logger;

    /// <summary>Creates the log.</summary>
    public AuditLog(Database database, TimeProvider time, ILogger<AuditLog> logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task RecordAsync(string? user, string kind, string? subject, string? detail, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (detail is { Length: > MaxDetailLength })
        {
            detail = detail[..MaxDetailLength];
        }
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_events (at, user_name, kind, subject, detail) VALUES (@At, @User, @Kind, @Subject, @Detail);",
                new { At = DbTime.From(_time.GetUtcNow()), User = user, Kind = kind, Subject = subject, Detail = detail }, cancellationToken: cancellationToken));
        }
        catch (DbException ex)
        {
            LogWriteFailed(_logger, kind, user, ex);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(string? user, string? kind, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT at AS At, user_name AS UserName, kind AS Kind, subject AS Subject, detail AS Detail FROM audit_events
            WHERE (@User IS NULL OR user_name = @User) AND (@Kind IS NULL OR kind = @Kind)
            ORDER BY at DESC, id DESC
            LIMIT @Limit;
            """, new { User = user, Kind = kind, Limit = Math.Clamp(limit, 1, 10_000) }, cancellationToken: cancellationToken));
        return rows.Select(r => new AuditEvent(DbTime.To(r.At), r.UserName, r.Kind, r.Subject, r.Detail)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record audit event {Kind} for {User}")]
    private static partial void LogWriteFailed(ILogger logger, string kind, string? user, Exception exception);

    private sealed class Row
    {
        public long At { get; init; }
        public string? UserName { get; init; }
        public string Kind { get; init; } = "";
        public string? Subject { get; init; }
        public string? Detail { get; init; }
    }
}
