namespace NetAcademy.Core.Runtime;

/// <summary>An interactive TTY in a node. Bytes in, bytes out; one reader and one writer at a time.</summary>
public interface INodeTerminal : IAsyncDisposable
{
    /// <summary>Reads terminal output; returns 0 when the shell has ended.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Writes keystrokes (raw bytes, including control characters).</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Tells the TTY its new size.</summary>
    Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the terminal without hanging up the processes it started, for a node that is being removed (or made
    /// anew) with all its processes: <see cref="IAsyncDisposable.DisposeAsync"/> hangs them up, which may cost a
    /// program run in the node.
    /// </summary>
    ValueTask AbandonAsync() => DisposeAsync();
}
