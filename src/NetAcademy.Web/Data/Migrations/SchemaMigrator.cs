using Dapper;

namespace NetAcademy.Web.Data.Migrations;

/// <summary>
/// Brings the database to the newest schema: every migration not yet recorded in schema_version runs, all
/// in one transaction, so a failure leaves the schema as it was. Safe to run on every start and from two
/// servers at once (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock).
/// </summary>
public sealed partial class SchemaMigrator
{
    // Any fixed number: it names the lock that serialises migrations across servers.
    private const long PostgresLockKey = 0x4E41_4D49_4752;
    private readonly Database _database;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger<SchemaMigrator> _logger;

    /// <summary>Creates the migrator over <see cref="SchemaMigrations.All"/> or the given list (tests).</summary>
    public SchemaMigrator(Database database, ILogger<SchemaMigrator> logger, IReadOnlyList<Migration>? migrations = null)
    {
        _database = database;
        _logger = logger;
        _migrations = migrations ?? SchemaMigrations.All;
        for (var i = 1; i < _migrations.Count; i++)
        {
            if (_migrations[i].Version <= _migrations[i - 1].Version)
            {
                throw new ArgumentException($"Migration {_migrations[i].Version} comes after {_migrations[i - 1].Version}: versions must increase.", nameof(migrations));
            }
        }
    }

    /// <summary>Applies the missing migrations; returns how many ran.</summary>
    /// <exception cref="SchemaVersionException">The database is newer than this server, or a migration failed.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers run beside the writer and the backup command copy a live database.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: cancellationToken));
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key);", new { Key = PostgresLockKey }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);",
            transaction: transaction, cancellationToken: cancellationToken));
        var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version;", transaction: transaction, cancellationToken: cancellationToken)) ?? 0;
        var newest = _migrations.Count == 0 ? 0 : _migrations[^1].Version;
        if (current > newest)
        {
            throw new SchemaVersionException(
                $"The database ({_database.Description}) is at schema version {current}, newer than this server knows ({newest}). Run the newer server, or restore a backup made for this one.");
        }
        var applied = 0;
        foreach (var migration in _migrations.Where(m => m.Version > current))
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(migration.Render(_database.Provider), transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At);",
                    new { migration.Version, migration.Name, At = DbTime.From(DateTimeOffset.UtcNow) }, transaction, cancellationToken: cancellationToken));
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException)
            {
                throw new SchemaVersionException($"Schema migration {migration.Version} ({migration.Name}) failed on {_database.Description}: {ex.Message}. Nothing was changed.", ex);
            }
            LogApplied(_logger, migration.Version, migration.Name);
            applied++;
        }
        await transaction.CommitAsync(cancellationToken);
        LogReady(_logger, _database.Description, applied == 0 ? current : newest, applied);
        return applied;
    }

    /// <summary>The versions recorded in schema_version, ascending.</summary>
    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var versions = await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_version ORDER BY version;", cancellationToken: cancellationToken));
        return versions.Select(v => (int)v).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version}: {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} is at schema version {Version} ({Applied} migration(s) applied now)")]
    private static partial void LogReady(ILogger logger, string database, long version, int applied);
}
