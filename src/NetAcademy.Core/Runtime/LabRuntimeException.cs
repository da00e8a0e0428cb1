namespace NetAcademy.Core.Runtime;

/// <summary>
/// The lab runtime's backend (the container engine) failed or refused an operation. Callers above the runtime
/// catch this, never an engine client's own exception types.
/// </summary>
public class LabRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabRuntimeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The backend cannot be used at all: it cannot be reached, or it speaks no version of its API that the platform
/// speaks. The message says which, with the endpoint and the versions, in words an operator can act on.
/// </summary>
public sealed class RuntimeUnavailableException : LabRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public RuntimeUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The node does not exist or is not running (stopped, removed, or its session ended).</summary>
public sealed class NodeNotRunningException : LabRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public NodeNotRunningException(string node, string message, Exception? inner = null)
        : base(message, inner)
    {
        Node = node;
    }

    /// <summary>The node's name.</summary>
    public string Node { get; }
}
