namespace NetAcademy.Labs.Sessions;

/// <summary>
/// The session does not exist or does not belong to the caller. Both cases look the same to the caller,
/// so session ids cannot be probed.
/// </summary>
public sealed class SessionAccessException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionAccessException() : base("No such lab session.")
    {
    }
}
