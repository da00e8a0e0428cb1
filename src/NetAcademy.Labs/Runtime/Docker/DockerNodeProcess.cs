using Docker.DotNet;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Runtime.Docker;

/// <summary><see cref="INodeProcess"/> over a started non-TTY exec's multiplexed stream.</summary>
internal sealed class DockerNodeProcess : INodeProcess
{
    private readonly MultiplexedStream _stream;
    private readonly bool _withInput;
    private int _inputClosed;
    private int _disposed;

    public DockerNodeProcess(MultiplexedStream stream, bool withInput)
    {
        _stream = stream;
        _withInput = withInput;
    }

    public async ValueTask<NodeOutputChunk> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("The buffer must not be empty.", nameof(buffer));
        }
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            var read = await DockerExec.ReadAsync(_stream, buffer, cancellationToken).ConfigureAwait(false);
            return read.EOF
                ? NodeOutputChunk.End
                : new NodeOutputChunk(read.Target == MultiplexedStream.TargetStream.StandardError ? NodeOutputStream.Stderr : NodeOutputStream.Stdout, read.Count);
        }
        catch (EndOfStreamException ex)
        {
            // A frame cut short: the connection ended mid-frame (container removed under the program).
            throw new IOException("The program's output ended mid-frame.", ex);
        }
    }

    public ValueTask CloseInputAsync(CancellationToken cancellationToken)
    {
        if (_withInput && Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _inputClosed, 1) == 0)
        {
            _stream.CloseWrite();
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stream.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
