using System.Threading.RateLimiting;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Runtime;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// The stdout of a streamed node process as a read-only <see cref="Stream"/> (what <see cref="NetAcademy.Packets.Capture.CaptureStreamReader"/>
/// reads), handing stderr chunks to a callback as they pass. Every byte read, of either stream, is paid for from a
/// token bucket before the next read, so the process is read no faster than the bucket's rate.
/// </summary>
internal sealed class ExecOutputStream : Stream
{
    /// <summary>Largest read, and the bucket's burst.</summary>
    public const int Burst = 1024 * 1024;

    /// <summary>How many of the first stdout bytes are kept (<see cref="Head"/>).</summary>
    public const int HeadLimit = 512;

    private readonly INodeProcess _exec;
    private readonly Action<ReadOnlySpan<byte>> _stderr;
    private readonly RateLimiter _limiter;
    private readonly byte[] _head = new byte[HeadLimit];
    private int _headLength;

    public ExecOutputStream(INodeProcess exec, Action<ReadOnlySpan<byte>> stderr, RateLimiter limiter)
    {
        _exec = exec;
        _stderr = stderr;
        _limiter = limiter;
    }

    /// <summary>
    /// The first stdout bytes read (at most <see cref="HeadLimit"/>): when they are no capture, they may be the engine's
    /// words rather than the program's (it reports an exec it could not start on the exec's stdout).
    /// </summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        buffer = buffer[..Math.Min(buffer.Length, Burst)];
        while (true)
        {
            var result = await _exec.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.IsEnd)
            {
                return 0;
            }
            using (var lease = await _limiter.AcquireAsync(result.Count, cancellationToken).ConfigureAwait(false))
            {
                if (!lease.IsAcquired)
                {
                    throw new InvalidOperationException("The capture's rate limiter refused a read; it has one reader.");
                }
            }
            if (result.Stream == NodeOutputStream.Stdout)
            {
                var kept = Math.Min(result.Count, HeadLimit - _headLength);
                buffer.Span[..kept].CopyTo(_head.AsSpan(_headLength));
                _headLength += kept;
                return result.Count;
            }
            _stderr(buffer.Span[..result.Count]);
        }
    }

    /// <summary>
    /// Reads on until <see cref="Head"/> holds a whole line, is full, or the output has ended: the first bytes were text,
    /// and a message is read to its line's end, not to where the capture reader gave up.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait; what was read stays in the head.</param>
    public async Task CompleteHeadLineAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[HeadLimit];
        while (_headLength < HeadLimit && Head.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            if (await ReadAsync(scratch.AsMemory(0, HeadLimit - _headLength), cancellationToken).ConfigureAwait(false) == 0)
            {
                return;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
