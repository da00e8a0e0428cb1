namespace NetAcademy.Web.Data;

/// <summary>The database engines the data layer runs on. Both go through the same stores and SQL.</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file under the data directory: nothing to install, one server.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: for a school that runs it anyway or wants backups and replicas.</summary>
    Postgres,
}
