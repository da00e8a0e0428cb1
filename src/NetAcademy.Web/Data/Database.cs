using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace NetAcademy.Web.Data;

/// <summary>
/// Opens connections to the platform's database, SQLite or PostgreSQL. The stores write one SQL text
/// that both engines accept (upserts, RETURNING, times as Unix milliseconds); <see cref="Provider"/> is
/// there for the few places that must differ (migrations, locking). Thread-safe; one per process.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _sqlite = "";

    private Database(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        if (provider == DatabaseProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
        }
        else
        {
            // Foreign keys are off by default in SQLite; the timeout makes writers wait for each other
            // instead of failing with SQLITE_BUSY.
            _sqlite = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, DefaultTimeout = 30 }.ToString();
        }
    }

    /// <summary>The engine behind this database.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>A human-readable description for logs, without credentials.</summary>
    public string Description => Provider == DatabaseProvider.Postgres
        ? $"PostgreSQL {_postgres!.ConnectionString.Split(';').FirstOrDefault(p => p.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))}"
        : $"SQLite {new SqliteConnectionStringBuilder(_sqlite).DataSource}";

    /// <summary>Creates the database for the options; the SQLite file goes into <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="DatabaseConfigurationException">PostgreSQL was asked for without a connection string.</exception>
    public static Database Create(DatabaseOptions options, string dataDirectory)
    {
        var provider = options.ResolveProvider();
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new DatabaseConfigurationException(
                    "Database:Provider is postgres but ConnectionStrings:NetAcademy is empty; set it, e.g. Host=db;Username=netacademy;Password=...;Database=netacademy.");
            }
            return new Database(provider, options.ConnectionString);
        }
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Directory.CreateDirectory(dataDirectory);
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, options.SqliteFileName) }.ToString();
        }
        return new Database(provider, connectionString);
    }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(_sqlite);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
