using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace NetAcademy.Web.Data;

/// <summary>Engine-neutral reading of database errors.</summary>
internal static class DbErrors
{
    /// <summary>A UNIQUE or PRIMARY KEY constraint refused the write.</summary>
    public static bool IsUniqueViolation(DbException ex) => ex switch
    {
        // SQLITE_CONSTRAINT (19) with the extended codes for UNIQUE (2067) and PRIMARY KEY (1555).
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
