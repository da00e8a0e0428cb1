namespace NetAcademy.Core.Runtime;

/// <summary>A runtime that can tell when the kernel kills a process in a node for exceeding its memory limit.</summary>
public interface IOutOfMemorySource
{
    /// <summary>
    /// Streams OOM kills in this instance's nodes until <paramref name="cancellationToken"/> is cancelled
    /// (then ends with <see cref="OperationCanceledException"/>) or the backend closes the stream.
    /// </summary>
    IAsyncEnumerable<OutOfMemoryKill> WatchOutOfMemoryAsync(CancellationToken cancellationToken);
}
