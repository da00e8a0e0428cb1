using NetAcademy.Core.Runtime;

namespace NetAcademy.Testing.Runtime;

/// <summary>
/// A streamed program that writes the given chunks in order, then either ends or keeps running (silent) until it is
/// disposed or the reader gives up.
/// </summary>
public sealed class FakeNodeProcess(IEnumerable<(NodeOutputStream Stream, byte[] Bytes)> chunks, bool keepsRunning) : INodeProcess
{
    private readonly Queue<(NodeOutputStream Stream, byte[] Bytes)> _chunks = new(chunks);
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>True once the reader disposed the process.</summary>
    public bool Disposed => _disposed.IsCancellationRequested;

    /// <inheritdoc />
    public async ValueTask<NodeOutputChunk> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_chunks.TryDequeue(out var chunk))
        {
            var count = Math.Min(buffer.Length, chunk.Bytes.Length);
            chunk.Bytes.AsSpan(0, count).CopyTo(buffer.Span);
            if (count < chunk.Bytes.Length)
            {
                var rest = new Queue<(NodeOutputStream, byte[])>([(chunk.Stream, chunk.Bytes[count..]), .. _chunks]);
                _chunks.Clear();
                foreach (var item in rest)
                {
                    _chunks.Enqueue(item);
                }
            }
            return new NodeOutputChunk(chunk.Stream, count);
        }
        if (keepsRunning)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Disposed: the connection is gone, so the output ends.
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
        return NodeOutputChunk.End;
    }

    /// <inheritdoc />
    public ValueTask CloseInputAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        return ValueTask.CompletedTask;
    }
}
