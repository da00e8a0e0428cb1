namespace NetAcademy.Core.Runtime;

/// <summary>
/// A program running in a node without a TTY, its output streamed as it comes (a capture program, a netlink
/// monitor). Output is untrusted: callers bound what they keep. One reader at a time. Disposing ends the
/// connection to the program; a program that reads its stdin sees end-of-file first (<see cref="CloseInputAsync"/>).
/// </summary>
public interface INodeProcess : IAsyncDisposable
{
    /// <summary>
    /// Reads the next chunk of output into <paramref name="buffer"/>; a chunk is all stdout or all stderr.
    /// Returns <see cref="NodeOutputChunk.End"/> once the output has ended.
    /// </summary>
    /// <param name="buffer">Where to put the bytes; must not be empty.</param>
    /// <param name="cancellationToken">Cancels the wait for output.</param>
    /// <exception cref="IOException">The connection to the program broke.</exception>
    ValueTask<NodeOutputChunk> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Closes the program's stdin (it reads end-of-file). Does nothing when the process was started without stdin.</summary>
    /// <param name="cancellationToken">Cancels the close.</param>
    ValueTask CloseInputAsync(CancellationToken cancellationToken);
}

/// <summary>Which output of a process a chunk came from.</summary>
public enum NodeOutputStream
{
    /// <summary>Standard output.</summary>
    Stdout,
    /// <summary>Standard error.</summary>
    Stderr,
}

/// <summary>One read from an <see cref="INodeProcess"/>: how many bytes, from which stream; zero bytes means the output ended.</summary>
/// <param name="Stream">Stdout or stderr.</param>
/// <param name="Count">Bytes read; 0 at the end.</param>
public readonly record struct NodeOutputChunk(NodeOutputStream Stream, int Count)
{
    /// <summary>The output has ended.</summary>
    public static NodeOutputChunk End => default;

    /// <summary>True when the output has ended.</summary>
    public bool IsEnd => Count == 0;
}
