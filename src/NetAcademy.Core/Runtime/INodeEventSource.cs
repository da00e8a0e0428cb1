namespace NetAcademy.Core.Runtime;

/// <summary>A runtime that reports what happens to its nodes from outside the platform's own calls: the kernel's OOM killer, a node that stopped.</summary>
public interface INodeEventSource
{
    /// <summary>
    /// Streams the events of this instance's nodes until <paramref name="cancellationToken"/> is cancelled (then ends
    /// with <see cref="OperationCanceledException"/>) or the backend closes the stream.
    /// </summary>
    /// <exception cref="RuntimeUnavailableException">The backend cannot be used.</exception>
    IAsyncEnumerable<NodeEvent> WatchNodesAsync(CancellationToken cancellationToken);
}
