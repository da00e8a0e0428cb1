namespace NetAcademy.Web.Data;

/// <summary>
/// Where the platform keeps accounts and progress, bound from the "Database" section plus
/// <c>ConnectionStrings:NetAcademy</c>.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Database";

    /// <summary>Name of the connection string (<c>ConnectionStrings:NetAcademy</c>).</summary>
    public const string ConnectionStringName = "NetAcademy";

    /// <summary>
    /// "sqlite" or "postgres". Default: postgres when <see cref="ConnectionString"/> looks like an Npgsql
    /// connection string (has Host= or Server=), else sqlite.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// The connection string. Default for SQLite: the file <see cref="SqliteFileName"/> in the data
    /// directory. Required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>File name of the SQLite database inside the data directory. Default: netacademy.db.</summary>
    public string SqliteFileName { get; set; } = "netacademy.db";

    /// <summary>The engine as configured or inferred from the connection string.</summary>
    /// <exception cref="DatabaseConfigurationException">The provider name is unknown.</exception>
    public DatabaseProvider ResolveProvider()
    {
        if (string.IsNullOrWhiteSpace(Provider))
        {
            return ConnectionString is { } cs && (cs.Contains("Host=", StringComparison.OrdinalIgnoreCase) || cs.Contains("Server=", StringComparison.OrdinalIgnoreCase))
                ? DatabaseProvider.Postgres
                : DatabaseProvider.Sqlite;
        }
        return Provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new DatabaseConfigurationException($"Database:Provider is '{Provider}'; use 'sqlite' or 'postgres'."),
        };
    }
}
