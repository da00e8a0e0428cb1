using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Web.Data;
using NetAcademy.Web.Data.Migrations;
using Npgsql;

namespace NetAcademy.Web.Tests.Support;

/// <summary>
/// A fresh, empty database of one engine for one test: a SQLite file in a temp folder, or a new database
/// on the PostgreSQL server named by NETACADEMY_TEST_POSTGRES (deploy/test.sh starts one). Dropped after.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Environment variable with the PostgreSQL connection string for tests.</summary>
    public const string PostgresVariable = "NETACADEMY_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly string? _postgresName;

    private TestDatabase(Database database, DatabaseOptions options, string? folder, string? postgresName)
    {
        Database = database;
        Options = options;
        _folder = folder;
        _postgresName = postgresName;
    }

    /// <summary>The engines every data-layer test runs on.</summary>
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    /// <summary>The database.</summary>
    public Database Database { get; }

    /// <summary>Options that reach the same database (for a web host).</summary>
    public DatabaseOptions Options { get; }

    /// <summary>The data directory (SQLite only; a scratch folder otherwise).</summary>
    public string DataDirectory => _folder ?? throw new InvalidOperationException("No data directory.");

    /// <summary>Creates an empty database, not migrated.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("netacademy-web-tests-").FullName;
        if (provider == "sqlite")
        {
            var options = new DatabaseOptions { Provider = "sqlite" };
            return new TestDatabase(Database.Create(options, folder), options, folder, null);
        }
        var admin = AdminConnectionString();
        var name = "netacademy_test_" + Guid.NewGuid().ToString("n")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var pgOptions = new DatabaseOptions { Provider = "postgres", ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString() };
        return new TestDatabase(Database.Create(pgOptions, folder), pgOptions, folder, name);
    }

    /// <summary>Creates an empty database and applies every migration.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(string provider)
    {
        var db = await CreateAsync(provider);
        await new SchemaMigrator(db.Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return db;
    }

    /// <summary>The server connection string; fails loudly when it is not set (never a silent skip).</summary>
    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set, so the PostgreSQL half of the data-layer tests cannot run. deploy/test.sh starts a " +
                $"throw-away server and sets it; by hand: source deploy/lib.sh; source deploy/test-postgres.sh; start_test_postgres (it exports the variable in that shell).");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(AdminConnectionString());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
