namespace NetAcademy.Labs.Sessions;

/// <summary>
/// The runtime could not remove a session's containers or networks, even after retries. The session stays
/// Stopping and the reaper keeps trying; the message says so in words a learner can act on.
/// </summary>
public sealed class SessionStopException : Exception
{
    /// <summary>Creates the exception around the runtime's last failure.</summary>
    public SessionStopException(string message, Exception inner) : base(message, inner)
    {
    }
}
