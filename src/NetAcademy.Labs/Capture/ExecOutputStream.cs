using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Capture;

/// <summary>
/// The stdout of a streamed node process as a read-only <see cref="Stream"/> (what <see cref="NetAcademy.Packets.Capture.CaptureStreamReader"/>
/// reads), handing stderr chunks to a callback as they pass.
/// </summary>
internal sealed class ExecOutputStream : Stream
{
    private readonly INodeProcess _exec;
    private readonly Action<ReadOnlySpan<byte>> _stderr;

    public ExecOutputStream(INodeProcess exec, Action<ReadOnlySpan<byte>> stderr)
    {
        _exec = exec;
        _stderr = stderr;
    }

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
        while (true)
        {
            var result = await _exec.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.IsEnd)
            {
                return 0;
            }
            if (result.Stream == NodeOutputStream.Stdout)
            {
                return result.Count;
            }
            _stderr(buffer.Span[..result.Count]);
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
