using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Runtime;

/// <summary>
/// Captures packets on an interface of a node for a bounded time, for the grader's traffic checks. The
/// implementation is the live packet table's capture (the same program in the node, the same bounds on its untrusted
/// output, the same decoding), so a check judges the frames the learner sees in the table, 802.1Q tags included.
/// </summary>
public interface INodeCapture
{
    /// <summary>Starts capturing in a node of <paramref name="shell"/>'s session and returns once the capture program listens.</summary>
    /// <param name="shell">Runs programs in the session's nodes.</param>
    /// <param name="spec">Where to capture and how much.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="NodeCaptureException">The capture could not start; <see cref="NodeCaptureException.Failure"/> says whose fault.</exception>
    Task<IBoundedCapture> StartAsync(INodeShell shell, NodeCaptureSpec spec, CancellationToken cancellationToken);
}

/// <summary>A bounded capture in a node.</summary>
/// <param name="Node">The node.</param>
/// <param name="Netns">A network namespace inside the node, or null for its own.</param>
/// <param name="Interface">Interface name, or <c>any</c>.</param>
/// <param name="Duration">How long to capture once listening.</param>
/// <param name="MaxPackets">Most packets kept; the capture ends when it has them.</param>
/// <param name="SnapLength">Bytes kept of each packet.</param>
/// <param name="StartTimeout">How long the capture program may take to listen.</param>
public sealed record NodeCaptureSpec(NodeName Node, string? Netns, string Interface, TimeSpan Duration, int MaxPackets, int SnapLength, TimeSpan StartTimeout);

/// <summary>A running bounded capture; disposing stops it and forgets what it caught.</summary>
public interface IBoundedCapture : IAsyncDisposable
{
    /// <summary>
    /// Waits until the capture has run its duration, holds its most packets or ended by itself, stops it, and
    /// returns the packets as a pcap file.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (the capture is stopped all the same).</param>
    Task<NodeCaptureResult> FinishAsync(CancellationToken cancellationToken);
}

/// <summary>What a bounded capture caught.</summary>
/// <param name="Pcap">The packets, as a pcap file.</param>
/// <param name="Truncated">True when packets were left out because the packet limit was reached.</param>
/// <param name="Error">Why the capture failed before its end (unreadable output, the node went away), or null.</param>
public sealed record NodeCaptureResult(byte[] Pcap, bool Truncated, string? Error);

/// <summary>Why a capture could not start.</summary>
public enum NodeCaptureFailure
{
    /// <summary>Anything else: the platform's or the node's trouble, worth a retry.</summary>
    Other,

    /// <summary>The node has no such interface (in that namespace).</summary>
    NoInterface,

    /// <summary>The node has no such network namespace.</summary>
    NoNamespace,

    /// <summary>The interface exists but is down.</summary>
    InterfaceDown,

    /// <summary>The node is not running.</summary>
    NodeNotRunning,
}

/// <summary>A capture could not start or continue; the message is meant for the learner.</summary>
public class NodeCaptureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeCaptureException(string message, NodeCaptureFailure failure, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception.</summary>
    public NodeCaptureException(string message)
        : this(message, NodeCaptureFailure.Other)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeCaptureException(string message, Exception innerException)
        : this(message, NodeCaptureFailure.Other, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeCaptureException()
    {
    }

    /// <summary>Whose fault it is.</summary>
    public NodeCaptureFailure Failure { get; }
}
