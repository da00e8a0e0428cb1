using System.Buffers.Binary;
using System.Net.Sockets;
using NetAcademy.Docker.Models;
using NetAcademy.Docker.Transport;

namespace NetAcademy.Docker;

/// <summary>
/// The hijacked connection of a started exec: read its output, write its stdin, close stdin.
/// Without a TTY the daemon multiplexes stdout and stderr in frames (8-byte header: stream id,
/// three zero bytes, big-endian length) which this class takes apart; with a TTY the bytes are raw.
/// One reader and one writer may work at the same time; concurrent reads are not supported.
/// Read and write errors of the connection surface as <see cref="IOException"/>.
/// </summary>
public sealed class DockerExecStream : IAsyncDisposable
{
    private const int FrameHeaderSize = 8;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _header = new byte[FrameHeaderSize];
    private ReadOnlyMemory<byte> _leftover;
    private int _frameRemaining;
    private ExecStreamTarget _frameTarget;
    private bool _eof;
    private bool _writeClosed;
    private int _disposed;

    internal DockerExecStream(HijackedConnection connection, bool tty)
    {
        _socket = connection.Socket;
        _stream = connection.Stream;
        _leftover = connection.Leftover;
        IsTty = tty;
    }

    /// <summary>Whether the exec has a TTY (raw output) or not (multiplexed stdout/stderr).</summary>
    public bool IsTty { get; }

    /// <summary>
    /// Reads the next chunk of output into <paramref name="buffer"/>. Returns <c>Eof</c> once the
    /// output has ended; further calls keep returning it.
    /// </summary>
    /// <param name="buffer">Where to put the bytes; must not be empty.</param>
    /// <param name="cancellationToken">Cancels the wait for output.</param>
    /// <exception cref="IOException">The connection failed.</exception>
    /// <exception cref="InvalidDataException">A multiplexing header was malformed.</exception>
    public async ValueTask<ExecReadResult> ReadOutputAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("The buffer must not be empty.", nameof(buffer));
        }

        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_eof)
        {
            return new ExecReadResult(0, ExecStreamTarget.Stdout, true);
        }

        if (IsTty)
        {
            var count = await ReadRawAsync(buffer, cancellationToken).ConfigureAwait(false);
            _eof = count == 0;
            return new ExecReadResult(count, ExecStreamTarget.Stdout, _eof);
        }

        // Empty frames can occur; skip them rather than report a zero-byte read that looks like EOF.
        while (_frameRemaining == 0)
        {
            if (!await ReadHeaderAsync(cancellationToken).ConfigureAwait(false))
            {
                _eof = true;
                return new ExecReadResult(0, ExecStreamTarget.Stdout, true);
            }
        }

        var wanted = Math.Min(buffer.Length, _frameRemaining);
        var read = await ReadRawAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException($"The exec stream ended inside a frame ({_frameRemaining} bytes missing).");
        }

        _frameRemaining -= read;
        return new ExecReadResult(read, _frameTarget, false);
    }

    /// <summary>Writes bytes to the program's stdin (the exec must have been created with AttachStdin).</summary>
    /// <exception cref="IOException">The connection failed, e.g. the program has exited.</exception>
    /// <exception cref="InvalidOperationException">The write half was already closed.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_writeClosed)
        {
            throw new InvalidOperationException("Stdin of this exec has been closed.");
        }

        await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Shuts down the sending half of the connection so the program reads end-of-file on stdin,
    /// while its output can still be read.
    /// </summary>
    public ValueTask CloseWriteAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_writeClosed)
        {
            _writeClosed = true;
            try
            {
                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException ex)
            {
                throw new IOException($"Could not close stdin of the exec: {ex.Message}", ex);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the connection. The program keeps running if it has not exited.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < FrameHeaderSize)
        {
            var read = await ReadRawAsync(_header.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (filled == 0)
                {
                    return false;
                }

                throw new IOException("The exec stream ended inside a frame header.");
            }

            filled += read;
        }

        _frameTarget = _header[0] switch
        {
            0 or 1 => ExecStreamTarget.Stdout,
            2 => ExecStreamTarget.Stderr,
            _ => throw new InvalidDataException($"Unknown stream id {_header[0]} in an exec frame header; was the exec started with the wrong tty setting?"),
        };
        var size = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        if (size > int.MaxValue)
        {
            throw new InvalidDataException($"Exec frame of {size} bytes is too large.");
        }

        _frameRemaining = (int)size;
        return true;
    }

    private async ValueTask<int> ReadRawAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (!_leftover.IsEmpty)
        {
            var count = Math.Min(buffer.Length, _leftover.Length);
            _leftover[..count].CopyTo(buffer);
            _leftover = _leftover[count..];
            return count;
        }

        return await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
