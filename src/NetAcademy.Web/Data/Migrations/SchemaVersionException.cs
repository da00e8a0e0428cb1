namespace NetAcademy.Web.Data.Migrations;

/// <summary>The database cannot be used by this server: it was migrated by a newer one, or a migration failed.</summary>
public sealed class SchemaVersionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SchemaVersionException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
