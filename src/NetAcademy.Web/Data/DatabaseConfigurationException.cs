namespace NetAcademy.Web.Data;

/// <summary>The database settings cannot work: the message says which setting and what to write instead.</summary>
public sealed class DatabaseConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseConfigurationException(string message) : base(message)
    {
    }
}
