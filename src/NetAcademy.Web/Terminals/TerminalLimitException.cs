namespace NetAcademy.Web.Terminals;

/// <summary>A node already has as many shells open as it may (<see cref="TerminalRegistry.MaxShellsPerNode"/>); the message says so to the learner.</summary>
public sealed class TerminalLimitException : InvalidOperationException
{
    /// <summary>Creates the exception with the message for the learner.</summary>
    public TerminalLimitException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a general message.</summary>
    public TerminalLimitException() : base("The node has as many terminals open as it may.")
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TerminalLimitException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
