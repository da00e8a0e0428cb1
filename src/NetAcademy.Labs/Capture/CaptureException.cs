using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// A capture cannot start or continue: a bad interface name or filter (as judged by tcpdump), a missing
/// interface or namespace, too many captures, or a node that is not running. The message is meant for the learner.
/// </summary>
public sealed class CaptureException : NodeCaptureException
{
    /// <summary>Creates the exception.</summary>
    public CaptureException(string message, NodeCaptureFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CaptureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CaptureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CaptureException()
    {
    }
}
