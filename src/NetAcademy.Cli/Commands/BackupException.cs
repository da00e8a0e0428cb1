namespace NetAcademy.Cli.Commands;

/// <summary>The backup could not be made; the message says why.</summary>
public sealed class BackupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackupException(string message) : base(message)
    {
    }
}
